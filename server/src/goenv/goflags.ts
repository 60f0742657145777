// Owns: $GOFLAGS as every go command but `go env` and `go bug` reads it as it starts (base.InitGOFLAGS): words split
// on white space (strings.Fields), each a flag of its own (-name, --name, -name=value); the first word that is not
// stops the command with `go: parsing $GOFLAGS: non-flag "WORD"`. A flag no command of that release defines stops it
// too ("unknown flag"), but which names each release knows is not kept here: a word is judged only after flags that
// every go command since Go 1.18 knows, so what we quote is what that release prints first.
// Pure: no I/O, never imports vscode.
import { goFields } from '../shared/utf8';
import { goQuote } from '../shared/goquote';
import { releaseAtLeast } from '../parse/gover';

/** Flags taking a value that every go command since 1.18 defines (some command does: hasFlag walks them all). */
const VALUE_FLAGS = new Set(['asmflags', 'bench', 'benchtime', 'buildmode', 'buildvcs', 'compiler', 'count', 'covermode', 'coverpkg',
  'cpu', 'exec', 'fuzz', 'gccgoflags', 'gcflags', 'installsuffix', 'ldflags', 'mod', 'modfile', 'overlay', 'p', 'parallel', 'pkgdir',
  'run', 'shuffle', 'tags', 'timeout', 'toolexec', 'vet']);
/** Boolean flags every go command since 1.18 defines. */
const BOOL_FLAGS = new Set(['a', 'asan', 'benchmem', 'cover', 'failfast', 'json', 'linkshared', 'modcacherw', 'msan', 'n', 'race',
  'short', 'trimpath', 'v', 'work', 'x']);
/** The oldest go command the flag lists above are sure of. */
const FLAGS_KNOWN_SINCE = '1.18';

/** A GOFLAGS every go command refuses: the word it stops at, its words, and the value without that mistake. */
export interface GoflagsRefusal {
  word: string;
  goError: string;
  /** The value mended: quotes a shell would have taken off taken off, the word joined to its flag, or dropped. */
  fixed: string;
  /** How: the whole value (or the word) was in quotes; the word joined to its flag, written `flag`; dropped. */
  mend: { kind: 'unquoted' } | { kind: 'joined'; flag: string } | { kind: 'dropped' };
}

/** -x, --x, -x=value or --x=value, as InitGOFLAGS requires of every word. */
function isFlagWord(f: string): boolean {
  return f.startsWith('-') && f !== '-' && f !== '--' && !f.startsWith('---') && !f.startsWith('-=') && !f.startsWith('--=');
}

/** The flag's name: one or two dashes off, and what follows "=". */
function flagName(f: string): string {
  const name = f.startsWith('--') ? f.slice(2) : f.slice(1);
  const eq = name.indexOf('=');
  return eq < 0 ? name : name.slice(0, eq);
}

/**
 * The word every go command of `release` ("go1.26.1"; undefined when not known) stops at, when one is sure to come
 * first; undefined when GOFLAGS passes, or something before it (a flag we do not know) may stop it first.
 */
export function goflagsRefusal(value: string, release?: string): GoflagsRefusal | undefined {
  if (!releaseAtLeast(release, FLAGS_KNOWN_SINCE)) return undefined;
  const words = goFields(value);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (isFlagWord(word)) {
      const name = flagName(word);
      if (!VALUE_FLAGS.has(name) && !BOOL_FLAGS.has(name)) return undefined;
      continue;
    }
    return { word, goError: `go: parsing $GOFLAGS: non-flag ${goQuote(word)}`, ...mended(value, words, i) };
  }
  return undefined;
}

/** Quotes as a shell would have read them: the text inside one pair around all of it, or undefined. */
function unquoted(text: string): string | undefined {
  const q = text[0];
  return text.length >= 2 && (q === '"' || q === "'") && text.endsWith(q) && !text.slice(1, -1).includes(q) ? text.slice(1, -1) : undefined;
}

/**
 * GOFLAGS without the mistake at words[i]: quotes a go env file keeps (`GOFLAGS="-mod=mod"`, written as for a shell)
 * taken off; "-tags integration" meant "-tags=integration"; any other stray word goes.
 */
function mended(value: string, words: string[], i: number): Pick<GoflagsRefusal, 'fixed' | 'mend'> {
  const inner = unquoted(goFields(value).join(' '));
  if (inner !== undefined && goFields(inner).length > 0) return { fixed: goFields(inner).join(' '), mend: { kind: 'unquoted' } };
  const word = unquoted(words[i]);
  if (word !== undefined && isFlagWord(word)) return { fixed: [...words.slice(0, i), word, ...words.slice(i + 1)].join(' '), mend: { kind: 'unquoted' } };
  const before = words[i - 1];
  if (before !== undefined && !before.includes('=') && VALUE_FLAGS.has(flagName(before))) {
    const flag = `${before}=${words[i]}`;
    return { fixed: [...words.slice(0, i - 1), flag, ...words.slice(i + 1)].join(' '), mend: { kind: 'joined', flag } };
  }
  return { fixed: [...words.slice(0, i), ...words.slice(i + 1)].join(' '), mend: { kind: 'dropped' } };
}
