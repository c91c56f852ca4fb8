import { test } from '@japa/runner'
import { deviceName } from '#services/devices'

test.group('Device names', () => {
  test('browsers are named with their system, other clients by their program', ({ assert }) => {
    const cases: Array<[string | null, string]> = [
      [
        'Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0',
        'Firefox on Android',
      ],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
        'Safari on iPhone',
      ],
      [
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        'Chrome on macOS',
      ],
      [
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0.0.0 Chrome/120.0.0.0 Safari/537.36',
        'Chromium on Linux',
      ],
      ['curl/8.5.0', 'curl'],
      [null, 'A device'],
      ['', 'A device'],
    ]
    for (const [userAgent, name] of cases)
      assert.equal(deviceName(userAgent), name, String(userAgent))
  })
})
