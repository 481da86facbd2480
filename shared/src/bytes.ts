const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * Human-readable bytes in decimal units with four significant digits, exactly as the docker CLI
 * prints them (go-units HumanSize), so a figure here reads the same as `docker system df`.
 */
export function humanBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(4))}${units[unit]}`;
}

/** Exact bytes with thousands separators, for tooltips: "1,982,296 bytes". */
export function exactBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes`;
}
