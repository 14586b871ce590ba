// Landing on a search hit: mark the searched words on the page (Pagefind's
// highlight script, which reads ?markering=… set by the search page) and
// scroll to the first one.
const words = new URLSearchParams(location.search).getAll("markering");
if (words.length) {
  const root = new URL("../", import.meta.url);
  await import(new URL("pagefind/pagefind-highlight.js", root).href);
  new window.PagefindHighlight({
    highlightParam: "markering",
    addStyles: false, // styled in archive.css: no inline styles (CSP)
    markOptions: { className: "ma-highlight", exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *"] },
  });
  document.querySelector("mark.ma-highlight")?.scrollIntoView({ block: "center" });
}
