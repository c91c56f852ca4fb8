/** What this app's JSON export says it is (its `format`), so its import knows it. */
export const EXPORT_FORMAT = 'comic-pile-export'
