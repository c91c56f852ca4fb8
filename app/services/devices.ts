import Bowser from 'bowser'

/**
 * A signed-in device as a reader names it, from the user agent its token was issued
 * to: "Firefox on Android", "Safari on iPhone", "Chrome on macOS". A client that is
 * not a browser is named by its first product ("curl"); nothing at all, "A device".
 */
export function deviceName(userAgent: string | null | undefined) {
  if (!userAgent) return 'A device'
  const { browser, os, platform } = Bowser.parse(userAgent.slice(0, 512))
  const program = browser.name || /^[\w.-]{1,40}/.exec(userAgent)?.[0] || 'A device'
  const system = os.name === 'iOS' && platform.model ? platform.model : os.name
  return system ? `${program} on ${system}` : program
}
