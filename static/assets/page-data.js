// What the page tells its scripts (the JSON block #ma-script-data, written
// by the templates): the addresses they load, made by the route table, and
// their interface text, from the message catalogue.
const data = JSON.parse(document.getElementById("ma-script-data")?.textContent || "{}");

// Addresses are relative to the page; scripts need them absolute.
export const urls = Object.fromEntries(
  Object.entries(data.urls || {}).map(([name, url]) => [name, new URL(url, document.baseURI).href]));
export const messages = data.messages || {};

// Fills %(name)s placeholders, as the catalogue writes them.
export function format(message, values) {
  return message.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
}

// Plural forms: the catalogue's singular and plural, chosen by n being 1.
export function plural(n, forms) {
  return format(n === 1 ? forms.one : forms.other, { n });
}
