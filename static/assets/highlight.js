// Landing on a search hit: mark the searched words on the page (Pagefind's
// highlight script, which reads ?markering=… set by the search page) and
// scroll to the first one.
import { urls } from "./page-data.js";

const words = new URLSearchParams(location.search).getAll("markering");
if (words.length) {
  await import(urls.highlight);
  new window.PagefindHighlight({
    highlightParam: "markering",
    addStyles: false, // styled in archive.css: no inline styles (CSP)
    markOptions: { className: "ma-highlight", exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *"] },
  });
  document.querySelector("mark.ma-highlight")?.scrollIntoView({ block: "center" });
}
