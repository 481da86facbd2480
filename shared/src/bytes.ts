const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** Go's fmt "%.{precision}g": shortest of fixed or exponent form, trailing zeros dropped. */
function formatG(value: number, precision: number): string {
  const text = value.toPrecision(precision);
  // JavaScript and Go both switch to exponent form when the exponent is ≥ the precision.
  const [mantissa = text, exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  if (exponent === undefined) return trimmed;
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${trimmed}e${sign}${exponent.replace(/^[-+]/, '').padStart(2, '0')}`;
}

/**
 * Human-readable bytes in decimal units, exactly as the docker CLI prints them (go-units
 * HumanSizeWithPrecision): `docker system df` uses 4 significant digits, its per-image rows 3.
 */
export function humanBytes(bytes: number, precision = 4): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatG(value, precision)}${units[unit]}`;
}

// One formatter for all calls: toLocaleString builds one per call (about 30 µs in Chromium;
// a scroll step of the images table formats 15 figures). Made on first use: making it loads
// ICU's number data, 13 ms of the server's start-up.
let grouped: Intl.NumberFormat | null = null;

/** Exact bytes with thousands separators, for tooltips: "1,982,296 bytes". */
export function exactBytes(bytes: number): string {
  grouped ??= new Intl.NumberFormat('en-US');
  return `${grouped.format(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
}
