import { launch } from '/work/main/tests/browser/lib/browser.mjs';
const b = await launch();
console.log(b.version());
const ctx = await b.newContext();
const p = await ctx.newPage();
await p.setContent('<h1>hi</h1>');
console.log(await p.textContent('h1'));
await b.close();
