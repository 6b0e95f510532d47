// A tiny client-side router: /fn/guestbook/ lists entries, /fn/guestbook/about is a page of the
// app. The gateway answers index.html for both (spa), and /api/* goes to the function.
const view = document.getElementById("view");
const base = document.baseURI;

async function entries() {
  const list = await (await fetch(new URL("api/entries", base))).json();
  view.innerHTML = `
    <form id="sign"><input name="name" placeholder="name"><textarea name="text" required></textarea>
    <button>Sign the guestbook</button></form>
    <ul>${
    list.map((e) =>
      `<li><b>${esc(e.name)}</b>: ${esc(e.text)}
      <div class="sig">${
        e.signature ? `signed ${e.signature.slice(0, 16)}…` : "unsigned"
      }</div></li>`
    ).join("")
  }</ul>`;
  document.getElementById("sign").onsubmit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    await fetch(new URL("api/entries", base), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(Object.fromEntries(form)),
    });
    render();
  };
}

function about() {
  view.innerHTML = "<p>A static site and its API in one function folder of denofn.</p>";
}

function esc(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render() {
  const path = location.pathname.slice(new URL(base).pathname.length);
  (path === "about" ? about : entries)();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-route]");
  if (!link) return;
  event.preventDefault();
  history.pushState(null, "", link.href);
  render();
});
addEventListener("popstate", render);
render();
