/**
 * Whether an entry of containers/<id>/ is a log: the json-file driver writes <id>-json.log and
 * rotates it to <id>-json.log.1, .2, … (gzip-compressed with compress=true); the local driver
 * writes under local-logs/.
 */
export function isContainerLog(containerId: string, name: string): boolean {
  return name.startsWith(`${containerId}-json.log`) || name === 'local-logs';
}
