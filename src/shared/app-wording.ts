/**
 * Backend messages speak of the command line's flags (`--map eventType=COLUMN`); in the app the same
 * choice is a field or a button. This turns a message's flag talk into the app's words.
 */
const WORDING: [RegExp, string][] = [
  [/choose its column \(--map eventType=COLUMN\), or say what every row is \(--event-type TYPE, e\.g\. form_submit\)/g, 'choose its column under “Columns”, or say what every row is under “Every row is a”'],
  [/\(--event-type contact_created --map timestamp=COLUMN\)/g, '(“Every row is a” contact_created, at the date column you choose)'],
  [/choose them with --map, e\.g\. --map \w+=COLUMN/g, 'choose them under “Columns”'],
  [/more than --max-reject-share ([\d.]+)/g, 'more than “Abort above reject share” ($1)'],
  [/\(check --map and --tz\)/g, '(check the columns and the time zone)'],
  [/--tz ([^:]+):/g, 'Time zone “$1”:'],
  [/--phone-region ([^:]+):/g, 'Phone region “$1”:'],
  [/--max-reject-share ([^:]+):/g, 'Abort above reject share “$1”:'],
  [/choose another --name/g, 'choose another dataset name'],
  [/--name must not be empty/g, 'the dataset name must not be empty'],
  [/--event-type "([^"]*)"/g, '“Every row is a” “$1”'],
  [/map them onto fewer with --alias/g, 'map them onto fewer under “Event types”'],
  [/--alias "([^"]*)"/g, 'the event type mapping “$1”'],
  [/--map (\w+)=([^:]+):/g, 'Column “$2” for $1:'],
  [/^--param /g, ''],
  [/import one with `scorecast import FILE`/g, 'import one in the Datasets view'],
  [/list runs with `scorecast runs`/g, 'the runs are listed under Results'],
];

export function forApp(message: string): string {
  let out = message;
  for (const [pattern, words] of WORDING) out = out.replace(pattern, words);
  return out;
}
