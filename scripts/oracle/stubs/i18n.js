// Stands in for front_end/core/i18n/i18n.js. The heap snapshot worker only formats
// progress messages, so plain strings are enough, and the real module would pull in
// locale data and core/common.
const text = (s, values) => (values ? `${s} ${JSON.stringify(values)}` : String(s ?? ''));

export const i18n = {
  serializeUIString: (s, values) => JSON.stringify({string: s, values: values ?? {}}),
  registerUIStrings: (_path, strings) => strings,
  getLocalizedString: (_registered, s, values) => text(s, values),
  getLazilyComputedLocalizedString: (_registered, s, values) => () => text(s, values),
  lockedString: s => String(s),
  lockedLazyString: s => () => String(s),
};

// Any other helper (ByteUtilities.bytesToString, TimeUtilities.millisToString, ...) is
// only used for display: every property is a function returning a plain string.
const anything = new Proxy({}, {get: () => (...args) => args.map(String).join(' ')});
export const ByteUtilities = anything;
export const DevToolsLocale = anything;
export const NumberFormatter = anything;
export const TimeUtilities = anything;
