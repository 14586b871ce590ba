// A moved page: go to the new address at once, keeping ?query and #anchor
// (a meta refresh alone would drop the anchor of a link to #punkt-5).
const target = new URL(document.currentScript.dataset.target, location.href);
location.replace(target.href.split("#")[0] + location.search + location.hash);
