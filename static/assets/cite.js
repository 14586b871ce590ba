// "Kopiér link", "Kopiér henvisning" and "Kopiér link til beslutningen" on
// every agenda item. Without JavaScript the buttons stay invisible (their
// place is kept, so nothing moves when they appear) and the link is still
// there as text.
import { messages } from "./page-data.js";

const copied = { url: messages.copiedUrl, citation: messages.copiedCitation, decision: messages.copiedDecision };

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers and non-secure contexts: the selection-based fallback.
    const area = Object.assign(document.createElement("textarea"), { value: text, readOnly: true });
    area.className = "ma-visually-hidden";
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }
}

for (const block of document.querySelectorAll(".ma-cite")) {
  const status = block.querySelector(".ma-cite__status");
  block.dataset.ready = "true";
  for (const button of block.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const what = button.dataset.copy; // url, citation, decision: the block's data-url, …
      const ok = await copy(block.dataset[what]);
      status.textContent = ok ? copied[what] : messages.copyFailed;
      setTimeout(() => { status.textContent = ""; }, 4000);
    });
  }
}
