// E-mail addresses are published as "navn (snabel-a) domæne.dk" with the
// address encoded (reversed, base64) in data-email: readable for people, not
// for address harvesters. Here they become ordinary mailto links.
for (const span of document.querySelectorAll(".ma-email[data-email]")) {
  const address = [...atob(span.dataset.email)].reverse().join("");
  const link = document.createElement("a");
  link.href = `mailto:${address}`;
  link.textContent = address;
  span.replaceChildren(link);
}
