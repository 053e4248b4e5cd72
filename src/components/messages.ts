/**
 * Every string the panels show. Override any of them through the `messages` prop (to reword or translate);
 * strings that carry values are functions.
 */
export interface ApiKeysMessages {
  title: string;
  userDescription: string;
  teamDescription: string;
  createButton: string;

  tableLabel: string;
  filterLabel: string;
  filterAll: string;
  searchLabel: string;
  searchPlaceholder: string;
  columnDescription: string;
  columnKey: string;
  columnStatus: string;
  columnCreated: string;
  columnExpires: string;
  columnLastUsed: string;
  columnActions: string;
  statusActive: string;
  statusExpired: string;
  statusRevoked: string;
  secretBadge: string;
  publicBadge: string;
  keyEndingIn: (kind: string, lastFour: string) => string;
  never: string;
  expiredAgo: (relative: string) => string;
  rowActionsLabel: (description: string) => string;
  renameAction: string;
  rollAction: string;
  revokeAction: string;
  filterExpiringSoon: string;
  expiresIn: (relative: string) => string;
  expiringSoonSummary: (count: number, days: number) => string;
  /** `until` ("in 24 hours") while the old key still works. */
  replacedBy: (lastFour: string, until?: string) => string;
  replaces: (lastFour: string) => string;
  renameLabel: (description: string) => string;
  renameHint: string;
  renamed: (description: string) => string;
  renameFailed: (description: string, reason: string) => string;
  loading: string;
  empty: string;
  noMatches: string;
  loadFailed: string;
  retry: string;
  retrying: string;
  notAllowedTeam: string;
  notAllowedUser: string;
  notEnabled: string;
  pagesLabel: string;
  previousPage: string;
  nextPage: string;
  pageStatus: (page: number, pages: number) => string;

  createTitle: string;
  createIntro: string;
  descriptionLabel: string;
  descriptionPlaceholder: string;
  descriptionRequired: string;
  descriptionTooLong: (max: number) => string;
  descriptionCount: (length: number, max: number) => string;
  expiryLabel: string;
  expiry1d: string;
  expiry7d: string;
  expiry30d: string;
  expiry90d: string;
  expiry1y: string;
  expiryNever: string;
  expiryCustom: string;
  customDateLabel: string;
  expiresOn: (date: string) => string;
  neverExpires: string;
  customDateRequired: string;
  customDatePast: string;
  visibilityLabel: string;
  secretLabel: string;
  secretHint: string;
  publicLabel: string;
  publicHint: string;
  publicWarning: string;
  cancel: string;
  create: string;
  creating: string;
  createFailed: (reason: string) => string;
  close: string;

  revealTitle: string;
  revealWarning: string;
  revealFieldLabel: string;
  copy: string;
  copied: string;
  copyFailed: string;
  done: string;
  created: (description: string) => string;
  closeGuardTitle: string;
  closeGuardDescription: string;
  closeGuardCancel: string;
  closeGuardConfirm: string;

  rollTitle: string;
  rollIntro: (description: string, lastFour: string) => string;
  replaceIntro: (description: string, lastFour: string) => string;
  overlapLabel: string;
  overlapNow: string;
  overlap1h: string;
  overlap24h: string;
  overlap7d: string;
  overlap30d: string;
  rollConfirm: string;
  rolling: string;
  rollFailed: (reason: string) => string;
  rolled: (description: string) => string;
  replaceAskTitle: string;
  replaceAskDescription: (description: string, lastFour: string) => string;
  keepBoth: string;
  revokeNow: string;

  scopesLabel: string;
  fullAccess: string;
  /** Under a disabled Full access: why this person may not make such a key. */
  fullAccessDenied: string;
  onlyThese: string;
  /** Checks or clears a whole group of scopes. */
  selectAll: string;
  scopesLoading: string;
  scopesFailed: (reason: string) => string;
  scopesRequired: string;
  editScopesAction: string;
  editScopesIntro: (description: string) => string;
  editScopesFailed: (reason: string) => string;
  save: string;
  saving: string;

  revokeTitle: string;
  revokeDescription: (description: string, lastFour: string) => string;
  revokeConfirm: string;
  revoking: string;
  revoked: (description: string) => string;
  revokeFailed: (description: string, reason: string) => string;

  /** usage: a chart's text alternative; `total` counts every check, `refused` the ones turned away. */
  usageSummary: (total: number, refused: number, days: number) => string;
  usageDays: (days: number) => string;
  usageLoading: string;
  usageFailed: string;
  detailsAction: string;
  detailsTitle: (description: string) => string;
  outcomeColumn: string;
  checksColumn: string;
  outcomeOk: string;
  outcomeInsufficientScope: string;
  outcomeRateLimited: string;
  /** secret scanning: `url` is empty when the scanner gave none; `revoked` when the server revoked the key for it. */
  leakFound: (url: string, revoked: boolean) => string;
  leakCreate: string;
}

export const defaultMessages: ApiKeysMessages = {
  title: "API keys",
  userDescription: "An API key lets a script or service call the API as you. Treat it like a password.",
  teamDescription:
    "A team API key lets a script or service call the API for this team. Treat it like a password.",
  createButton: "Create API key",

  tableLabel: "API keys",
  filterLabel: "Filter keys by status",
  filterAll: "All",
  searchLabel: "Search keys",
  searchPlaceholder: "Description or last four",
  columnDescription: "Description",
  columnKey: "Key",
  columnStatus: "Status",
  columnCreated: "Created",
  columnExpires: "Expires",
  columnLastUsed: "Last used",
  columnActions: "Actions",
  statusActive: "Active",
  statusExpired: "Expired",
  statusRevoked: "Revoked",
  secretBadge: "Secret",
  publicBadge: "Public",
  keyEndingIn: (kind, lastFour) => `${kind} key ending in ${lastFour}`,
  never: "Never",
  expiredAgo: (relative) => `expired ${relative}`,
  rowActionsLabel: (description) => `Actions for ${description}`,
  renameAction: "Rename",
  rollAction: "Roll",
  revokeAction: "Revoke",
  filterExpiringSoon: "Expiring soon",
  expiresIn: (relative) => `Expires ${relative}`,
  expiringSoonSummary: (count, days) =>
    `${count} ${count === 1 ? "key expires" : "keys expire"} within ${days} days.`,
  replacedBy: (lastFour, until) => `Replaced by ••••${lastFour}${until ? `, stops working ${until}` : ""}`,
  replaces: (lastFour) => `Replaces ••••${lastFour}`,
  renameLabel: (description) => `New description for ${description}`,
  renameHint: "Enter saves, Escape cancels.",
  renamed: (description) => `API key renamed to “${description}”.`,
  renameFailed: (description, reason) => `Couldn't rename “${description}”: ${reason}`,
  loading: "Loading API keys…",
  empty: "No API keys yet. Create one when a script or service needs to call the API.",
  noMatches: "No keys match.",
  loadFailed: "Couldn't load the API keys.",
  retry: "Retry",
  retrying: "Retrying…",
  notAllowedTeam: "You don't have permission to manage this team's API keys.",
  notAllowedUser: "You don't have permission to manage these API keys.",
  notEnabled: "API keys are not enabled for this project.",
  pagesLabel: "Pages",
  previousPage: "Previous page",
  nextPage: "Next page",
  pageStatus: (page, pages) => `Page ${page} of ${pages}`,

  createTitle: "Create API key",
  createIntro: "Name the key after what will use it, so you know which one to revoke later.",
  descriptionLabel: "Description",
  descriptionPlaceholder: "Deploy bot",
  descriptionRequired: "Enter a description.",
  descriptionTooLong: (max) => `Use at most ${max} characters.`,
  descriptionCount: (length, max) => `${length} of ${max} characters`,
  expiryLabel: "Expires",
  expiry1d: "1 day",
  expiry7d: "7 days",
  expiry30d: "30 days",
  expiry90d: "90 days",
  expiry1y: "1 year",
  expiryNever: "Never",
  expiryCustom: "Custom date",
  customDateLabel: "Expiry date",
  expiresOn: (date) => `Expires on ${date}`,
  neverExpires: "This key never expires.",
  customDateRequired: "Pick a date.",
  customDatePast: "Pick today or a later day.",
  visibilityLabel: "Kind",
  secretLabel: "Secret",
  secretHint: "For servers and scripts. Keep it out of web pages and apps.",
  publicLabel: "Public",
  publicHint: "May appear in client-side code, such as a web page.",
  publicWarning: "Anyone may see a public key. Give it only what you would publish.",
  cancel: "Cancel",
  create: "Create key",
  creating: "Creating…",
  createFailed: (reason) => `Couldn't create the key: ${reason}`,
  close: "Close",

  revealTitle: "Copy your new API key",
  revealWarning: "This key won't be shown again. Copy it now and keep it somewhere safe.",
  revealFieldLabel: "Your API key",
  copy: "Copy",
  copied: "Copied",
  copyFailed: "Couldn't copy. The key is selected: press Ctrl+C or ⌘C.",
  done: "Done",
  created: (description) => `API key “${description}” created.`,
  closeGuardTitle: "Close without copying?",
  closeGuardDescription: "You won't see this key again.",
  closeGuardCancel: "Go back",
  closeGuardConfirm: "Close without copying",

  rollTitle: "Roll API key",
  rollIntro: (description, lastFour) =>
    `A new key replaces “${description}” (••••${lastFour}), with the same description and kind.`,
  replaceIntro: (description, lastFour) =>
    `A new key with the same description and kind replaces “${description}” (••••${lastFour}). You then choose whether to revoke the old one.`,
  overlapLabel: "Old key stops working",
  overlapNow: "Now",
  overlap1h: "In 1 hour",
  overlap24h: "In 24 hours",
  overlap7d: "In 7 days",
  overlap30d: "In 30 days",
  rollConfirm: "Roll key",
  rolling: "Rolling…",
  rollFailed: (reason) => `Couldn't roll the key: ${reason}`,
  rolled: (description) => `New key for “${description}” created.`,
  replaceAskTitle: "Revoke the old key now?",
  replaceAskDescription: (description, lastFour) =>
    `Anything still using “${description}” (••••${lastFour}) stops working at once.`,
  keepBoth: "Keep both",
  revokeNow: "Revoke now",

  scopesLabel: "What can this key do?",
  fullAccess: "Full access",
  fullAccessDenied: "Full access includes scopes you can't grant.",
  onlyThese: "Only these",
  selectAll: "All",
  scopesLoading: "Loading scopes…",
  scopesFailed: (reason) => `Couldn't load the scopes: ${reason}`,
  scopesRequired: "Choose at least one scope.",
  editScopesAction: "Edit scopes",
  editScopesIntro: (description) => `Uncheck what “${description}” no longer needs.`,
  editScopesFailed: (reason) => `Couldn't change the scopes: ${reason}`,
  save: "Save",
  saving: "Saving…",

  revokeTitle: "Revoke API key?",
  revokeDescription: (description, lastFour) =>
    `Anything using “${description}” (••••${lastFour}) stops working at once. This can't be undone.`,
  revokeConfirm: "Revoke key",
  revoking: "Revoking…",
  revoked: (description) => `API key “${description}” revoked.`,
  revokeFailed: (description, reason) => `Couldn't revoke “${description}”: ${reason}`,

  usageSummary: (total, refused, days) =>
    total
      ? `${total} ${total === 1 ? "use" : "uses"} in ${days} days${refused ? `, ${refused} refused` : ""}`
      : `No use in ${days} days`,
  usageDays: (days) => `Last ${days} days`,
  usageLoading: "Loading usage…",
  usageFailed: "Usage not available",
  detailsAction: "Details",
  detailsTitle: (description) => `Details of “${description}”`,
  outcomeColumn: "Outcome",
  checksColumn: "Checks",
  outcomeOk: "Accepted",
  outcomeInsufficientScope: "Missing scope",
  outcomeRateLimited: "Rate limited",
  leakFound: (url, revoked) => `${revoked ? "Revoked: found" : "Found"} public${url && ` at ${url}`}`,
  leakCreate: "Create a new key",
};
