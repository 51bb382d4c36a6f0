// The ordinary article page each XSS payload is embedded in.  The text is
// long enough for the extractor to pick the <article> as the content; the
// payload sits between the second and the third paragraph.

export const ARTICLE_MARKER = 'the lock keeper kept a ledger';

const PARAS_BEFORE = [
    'Every spring the volunteers of the canal trust meet at the old flight ' +
    'of locks below the mill and decide which gate will be rebuilt next. ' +
    'This year the choice fell on the third chamber, whose upper gates had ' +
    'leaked so badly that boats waited twenty minutes for the level to ' +
    'settle. For most of the last century ' + ARTICLE_MARKER + ' of every ' +
    'boat that passed, and those pages show how often the gates were patched.',
    'The work begins with a stoppage. The pound above the lock is lowered, ' +
    'fish are moved to the next reach in tanks of river water, and the ' +
    'chamber is pumped dry so the masons can inspect the walls. Loose ' +
    'bricks are numbered, photographed and set aside; anything that crumbles ' +
    'is replaced with reclaimed brick of the same size and colour.',
];

const PARAS_AFTER = [
    'The new gates are made of green oak, cut a year earlier and left to ' +
    'season under cover. Each leaf weighs close to two tonnes, so the team ' +
    'lowers them with a crane mounted on a pontoon, a few centimetres at a ' +
    'time, while someone in the chamber guides the heel post into its hollow ' +
    'quoin. A gate that sits a finger width off true will never seal.',
    'When the chamber is flooded again, everyone watches the mitre where the ' +
    'two leaves meet. A thin sheet of water is normal for the first days; ' +
    'the timber swells and the leak closes. By the end of the month the lock ' +
    'filled in under six minutes, and the first hire boat of the season went ' +
    'through with its crew cheering. The trust publishes its full notes on ' +
    'the <a href="/notes/gates.html">gate rebuilding page</a>.',
];

export function articlePage(payload) {
    const p = (t) => '<p>' + t + '</p>\n';
    return '<!DOCTYPE html>\n<html lang="en">\n<head>\n' +
        '<meta charset="utf-8">\n' +
        '<title>Rebuilding the third lock gate</title>\n' +
        '<meta name="viewport" content="width=device-width">\n' +
        '</head>\n<body>\n' +
        '<div class="site-header">Canal Trust News</div>\n' +
        '<main>\n<article>\n' +
        '<h1>Rebuilding the third lock gate</h1>\n' +
        '<p class="byline">By Morgan Reed</p>\n' +
        PARAS_BEFORE.map(p).join('') +
        '<div class="note">\n' + payload + '\n</div>\n' +
        PARAS_AFTER.map(p).join('') +
        '</article>\n</main>\n' +
        '<div class="site-footer">Canal Trust, volunteers since 1971</div>\n' +
        '</body>\n</html>\n';
}
