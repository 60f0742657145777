// Simplified Chinese covers everything the server and the CLI say: every English message (i18n/en.ts and the goenv
// lint catalog) has a Chinese one with the same placeholders, Go's own texts and the names users type stay verbatim,
// and the locale a user's editor or shell asks for picks the right catalog.
import assert from 'node:assert/strict';
import { en } from '../../server/src/i18n/en';
import { zhCn } from '../../server/src/i18n/zh-cn';
import * as i18n from '../../server/src/i18n';
import { groupDigits, localeFromEnv, localeId, registerCatalog, sayIn, t, type MessageKey } from '../../server/src/i18n';
import { runCli as runCliInProcess } from '../../server/src/cli/main';
import { auditSetup, gosumdbFor, parse, tamper } from '../support/auditSetup';
import { readGoSum } from '../support/sumdbClientSetup';
import { startSumdbServer } from '../support/sumdbServer';
import { writeFileSync } from 'node:fs';
import type { DiagnosticFixData } from '../../server/src/shared/protocol';
import { makeHome, messageOf, serverEnv, startLspClient } from '../support/lspClient';
import * as path from 'node:path';
import { ROOT, ensureBuilt } from '../support/built';
import { runCli } from '../support/builtCli';
import { en as goenvEn, goenvMessages, type GoenvMessages, type PatternProblem } from '../../server/src/goenv/messages';
import { lintGoEnv } from '../../server/src/goenv/lints';
import { resolveGoEnv } from '../../server/src/goenv/resolve';
import { collect, compareTexts } from '../support/catalogTexts';

// ---- The goenv catalog is made of functions: call each with sentinels and compare what comes out. ----

const REASONS: Record<PatternProblem, true> = { space: true, 'carriage-return': true, scheme: true, malformed: true, quotes: true };

/** Every text a GoenvMessages can produce, by path, with arguments that are visible placeholders ({arg0}, ...). */
function goenvTexts(m: GoenvMessages): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') out.set(path, node);
    else if (typeof node === 'function') {
      const fn = node as (...args: string[]) => string;
      if (path === 'patternNeverMatches') {
        for (const reason of Object.keys(REASONS)) out.set(`${path}(${reason})`, fn('{arg0}', '{arg1}', reason));
      } else {
        out.set(path, fn(...Array.from({ length: fn.length }, (_, i) => `{arg${i}}`)));
      }
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(m, '');
  return out;
}

describe('Simplified Chinese for the server and the CLI', () => {
  it('the comparison notices a lost placeholder, a translated Go error and a translated variable name', () => {
    const english = 'GOPROXY=off: the go command says "module lookup disabled by GOPROXY=off" for {module}';
    assert.deepEqual(collect((report) => compareTexts('k', english, 'GOPROXY=off：go 命令报告"模块查找已被禁用"', report)), [
      'k: placeholders {module} in English but {} in Chinese',
      'k: "module lookup disabled by GOPROXY=off" is quoted in English but not verbatim in Chinese',
    ]);
    assert.deepEqual(collect((report) => compareTexts('k', 'Set GONOSUMDB, then run go mod download', '设置 GONOSUMDB，然后运行 go 模块下载', report)),
      ['k: "go mod download" must stay untranslated']);
    assert.deepEqual(collect((report) => compareTexts('k', english, undefined, report)), ['k: no Chinese text']);
  });

  describe('the message catalog (i18n)', () => {
    const keys = Object.keys(en) as MessageKey[];

    it('has a Chinese message for every English key, with the same placeholders and the same quoted Go texts', () => {
      assert.ok(keys.length > 50, `only ${keys.length} keys`);
      assert.deepEqual(collect((report) => { for (const k of keys) compareTexts(k, en[k], zhCn[k], report); }), []);
    });

    it('has no Chinese message for a key English no longer has', () => {
      assert.deepEqual(Object.keys(zhCn).filter((k) => !(k in en)), []);
    });

    it('speaks Chinese when asked in any spelling of Simplified Chinese, with parameters filled in', () => {
      const params = { database: 'sum.golang.org' };
      for (const locale of ['zh-cn', 'zh-CN', 'ZH-CN', 'zh-hans', 'zh-Hans', 'zh', 'zh_CN.UTF-8']) {
        assert.equal(t('verdict.blocked.title', params, locale), '无法访问校验和数据库 sum.golang.org。', locale);
      }
    });

    it('falls back to English for a locale we have no catalog for', () => {
      const params = { database: 'sum.golang.org' };
      const english = 'The checksum database sum.golang.org cannot be reached.';
      for (const locale of ['en', 'en-US', 'fr', 'de-DE', 'zh-tw', 'zh-Hant', 'ja', '', 'C']) {
        assert.equal(t('verdict.blocked.title', params, locale), english, locale || '(empty)');
      }
      assert.equal(t('verdict.blocked.title', params), english);
    });

    it('falls back to English for a key a catalog does not translate', () => {
      registerCatalog('qps-ploc', { 'fix.sumdbOn': '[Ťũřñ čĥéčķšũɱ ṽéřîƒîčåţîöñ ƀåčķ öñ]' });
      assert.equal(t('fix.sumdbOn', {}, 'qps-ploc'), '[Ťũřñ čĥéčķšũɱ ṽéřîƒîčåţîöñ ƀåčķ öñ]');
      assert.equal(t('fix.alias', {}, 'qps-ploc'), en['fix.alias']);
      assert.equal(t('fix.knownKey', { name: 'sum.golang.org' }, 'qps-ploc'), 'Use the key Go knows for sum.golang.org');
    });

    it('keeps the go command\'s text in English inside a Chinese explanation', () => {
      const goError = 'invalid GOSUMDB: malformed verifier id';
      const text = t('verdict.misconfigured.explanation', { variable: 'GOSUMDB', value: 'https://sum.golang.org,https://goproxy.cn/sumdb', goError }, 'zh-cn');
      assert.equal(text, 'go 命令拒绝 GOSUMDB=https://sum.golang.org,https://goproxy.cn/sumdb：invalid GOSUMDB: malformed verifier id');
    });
  });

  describe('the goenv lint catalog', () => {
    const goenvZh = goenvMessages('zh-cn');
    const english = goenvTexts(goenvEn);
    const chinese = goenvTexts(goenvZh);

    it('has a Chinese text for every English one, with the same arguments and the same quoted Go texts', () => {
      assert.ok(english.size > 30, `only ${english.size} texts`);
      assert.deepEqual(collect((report) => { for (const [k, e] of english) compareTexts(k, e, chinese.get(k), report); }), []);
    });

    it('has no Chinese text English no longer has', () => {
      assert.deepEqual([...chinese.keys()].filter((k) => !english.has(k)), []);
    });

    it('is picked by locale, English unless Simplified Chinese is asked for', () => {
      for (const locale of ['zh-cn', 'zh-CN', 'zh-hans', 'zh', 'zh_CN.UTF-8']) assert.equal(goenvMessages(locale), goenvZh, locale);
      for (const locale of [undefined, 'en', 'en-US', 'zh-tw', 'fr']) assert.equal(goenvMessages(locale), goenvEn, String(locale));
    });

    it('a developer in Shanghai (LANG=zh_CN.UTF-8) who pasted a comma list into GOSUMDB reads Chinese, with Go\'s error as Go says it', () => {
      const env = resolveGoEnv({ process: { HOME: '/home/gopher', GOSUMDB: 'https://sum.golang.org,https://goproxy.cn/sumdb' }, platform: 'linux' });
      const [lint] = lintGoEnv(env, goenvMessages(localeFromEnv({ LANG: 'zh_CN.UTF-8' })));
      assert.equal(lint.code, 'gosumdb-comma-list');
      assert.match(lint.message, /^GOSUMDB 只接受一个数据库/);
      assert.ok(lint.message.includes('"https://sum.golang.org,https://goproxy.cn/sumdb"'));
      assert.equal(lint.goError, 'invalid GOSUMDB: malformed verifier id');
    });
  });

  describe('which locale the user asked for', () => {
    it('maps editor and flag spellings to our locale ids', () => {
      const table: [string | undefined, string][] = [
        ['zh-cn', 'zh-cn'], ['zh-CN', 'zh-cn'], ['zh-hans', 'zh-cn'], ['zh-Hans-CN', 'zh-cn'], ['zh', 'zh-cn'], ['zh-SG', 'zh-cn'],
        ['zh_CN', 'zh-cn'], ['zh_CN.UTF-8', 'zh-cn'], ['zh_CN.GB18030', 'zh-cn'],
        ['zh-tw', 'en'], ['zh-HK', 'en'], ['zh-Hant', 'en'], ['zh_TW.UTF-8', 'en'],
        ['en', 'en'], ['en-US', 'en'], ['en_GB.UTF-8', 'en'], ['fr', 'en'], ['ja', 'en'], ['', 'en'], [undefined, 'en'],
      ];
      for (const [locale, id] of table) assert.equal(localeId(locale), id, String(locale));
    });

    it('reads LC_ALL, then LC_MESSAGES, then LANG, then LANGUAGE as gettext does', () => {
      const table: [string, Record<string, string | undefined>, string][] = [
        ['nothing set (Windows, minimal containers)', {}, 'en'],
        ['a Chinese desktop', { LANG: 'zh_CN.UTF-8' }, 'zh-cn'],
        ['Chinese with GBK encoding', { LANG: 'zh_CN.GBK' }, 'zh-cn'],
        ['an English desktop', { LANG: 'en_US.UTF-8' }, 'en'],
        ['C.UTF-8 in a Docker image', { LANG: 'C.UTF-8' }, 'en'],
        ['Taiwan: Traditional Chinese is not Simplified', { LANG: 'zh_TW.UTF-8' }, 'en'],
        ['LC_ALL overrides LANG', { LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' }, 'zh-cn'],
        ['LC_ALL=C forces English', { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' }, 'en'],
        ['LC_ALL=POSIX forces English', { LANG: 'zh_CN.UTF-8', LC_ALL: 'POSIX' }, 'en'],
        ['LC_MESSAGES overrides LANG', { LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }, 'zh-cn'],
        ['LC_MESSAGES English, LANG Chinese: messages follow LC_MESSAGES', { LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }, 'en'],
        ['LC_ALL overrides LC_MESSAGES', { LC_MESSAGES: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' }, 'zh-cn'],
        ['empty LC_ALL counts as unset', { LC_ALL: '', LANG: 'zh_CN.UTF-8' }, 'zh-cn'],
        ['other categories do not matter', { LC_CTYPE: 'zh_CN.UTF-8', LC_TIME: 'zh_CN.UTF-8' }, 'en'],
        ['Ubuntu\'s Chinese setup', { LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN:zh' }, 'zh-cn'],
        ['LANGUAGE prefers English over a Chinese LANG', { LANG: 'zh_CN.UTF-8', LANGUAGE: 'en_US:en' }, 'en'],
        ['LANGUAGE: first entry we have', { LANG: 'fr_FR.UTF-8', LANGUAGE: 'fr:zh_CN:en' }, 'zh-cn'],
        ['LANGUAGE with nothing we have is English', { LANG: 'zh_CN.UTF-8', LANGUAGE: 'fr:de' }, 'en'],
        ['LANGUAGE is ignored when the locale is C', { LANG: 'C', LANGUAGE: 'zh_CN' }, 'en'],
        ['LANGUAGE alone (no locale) is ignored', { LANGUAGE: 'zh_CN' }, 'en'],
      ];
      for (const [name, env, id] of table) assert.equal(localeFromEnv(env), id, name);
    });
  });
});

describe('the language a process speaks', () => {
  it('counts read as toLocaleString(\'en-US\') writes them, without ICU: "3,589 lines", "tree 1,234,567"', () => {
    const counts = [0, 7, 999, 1000, 3589, 65_536, 100_000, 999_999, 1_000_000, 1_234_567, -1234, Number.MAX_SAFE_INTEGER];
    for (let k = 1; k < 1e15; k *= 7) counts.push(k, k + 1, k - 1);
    for (const n of counts) assert.equal(groupDigits(n), n.toLocaleString('en-US'), String(n));
  });

  it('t() without a locale speaks English: there is no process-wide locale to set', () => {
    assert.equal('setDefaultLocale' in i18n, false);
    assert.equal(t('cli.check.summary', { lines: 3, counts: '3 verified' }), en['cli.check.summary'].replace('{lines}', '3').replace('{counts}', '3 verified'));
    assert.equal(sayIn('zh_CN.UTF-8')('cli.check.summary', { lines: 3, counts: '3 verified' }), '3 行 go.sum：3 verified');
    assert.equal(sayIn(undefined)('cli.probe.fixes'), en['cli.probe.fixes']);
  });

  it('a Chinese and an English user audited in one process at once each read their own language', async function () {
    this.timeout(60_000);
    const lines = readGoSum('etcd-io_etcd.go.sum').slice(0, 40);
    const db = await startSumdbServer({ goSumLines: lines });
    const edited = [...lines];
    edited[5] = tamper(lines[5]);
    const env = { GOSUMDB: gosumdbFor(db), GONOSUMDB: lines[9].split(' ')[0] };
    const [zh, en] = await Promise.all([auditSetup(env, { locale: 'zh-CN' }), auditSetup(env, { locale: 'en' })]);
    // Go rejects a comma list in GOSUMDB before anything is asked: the scenario is ours to word.
    const bad = { GOSUMDB: 'sum.golang.org,https://goproxy.cn' };
    const [zhBad, enBad] = await Promise.all([auditSetup(bad, { locale: 'zh-cn' }), auditSetup(bad, { locale: 'en' })]);
    try {
      const [zr, er, zb, eb] = await Promise.all([zh.auditor.audit(parse(edited)), en.auditor.audit(parse(edited)),
        zhBad.auditor.audit(parse(edited)), enBad.auditor.audit(parse(edited))]);
      const verified = (r: typeof zr) => r.verdicts.find((v) => v.status === 'verified')!;
      const byStatus = (r: typeof zr, status: string) => r.verdicts.find((v) => v.status === status)!;
      const params = (v: ReturnType<typeof verified>) => ({ database: zr.database!.name, id: v.record!.id, size: v.record!.treeSize });
      assert.equal(verified(zr).message, t('audit.verified', params(verified(zr)), 'zh-cn'));
      assert.equal(verified(er).message, t('audit.verified', params(verified(er)), 'en'));
      assert.notEqual(verified(zr).message, verified(er).message);
      assert.match(byStatus(zr, 'private').message, /^未发送到校验和数据库/);
      assert.match(byStatus(er, 'private').message, /^Not sent to the checksum database/);
      // A mismatch: our sentence in each language, then Go's own words, the same in both.
      const goPart = (r: typeof zr) => byStatus(r, 'mismatch').message.slice(byStatus(r, 'mismatch').message.indexOf('verifying '));
      assert.match(goPart(zr), /^verifying \S+: checksum mismatch\n/);
      assert.equal(goPart(zr), goPart(er));
      assert.notEqual(byStatus(zr, 'mismatch').message, byStatus(er, 'mismatch').message);
      assert.equal(zb.scenario?.title, t('verdict.misconfigured.title', { variable: 'GOSUMDB' }, 'zh-cn'));
      assert.equal(eb.scenario?.title, t('verdict.misconfigured.title', { variable: 'GOSUMDB' }, 'en'));
      assert.equal(byStatus(zb, 'unverifiable').message, t('audit.unverifiable.scenario', { title: zb.scenario!.title }, 'zh-cn'));
      assert.equal(byStatus(eb, 'unverifiable').message, t('audit.unverifiable.scenario', { title: eb.scenario!.title }, 'en'));
    } finally {
      await Promise.all([zh, en, zhBad, enBad].map((a) => a.close()));
      await db.close();
    }
  });

  it('two probes run in one process at once, for a Chinese and an English shell, each answer in their own', async function () {
    this.timeout(60_000);
    const dir = path.join(ROOT, 'test/fixtures/example');
    const env = (LANG: string) => ({ PATH: process.env.PATH, HOME: '/nonexistent', GOENV: 'off', LANG, GOSUMDB: 'sum.golang.org,https://goproxy.cn' });
    const run = async (LANG: string) => {
      let out = '';
      const code = await runCliInProcess(['probe', dir, '--no-go'], { out: (s) => { out += s; }, err: (s) => { out += s; } }, { env: env(LANG) });
      return { code, out };
    };
    const [zh, english] = await Promise.all([run('zh_CN.UTF-8'), run('en_US.UTF-8')]);
    assert.equal(zh.code, 1, zh.out);
    assert.equal(english.code, 1, english.out);
    const title = (locale: string) => t('verdict.misconfigured.title', { variable: 'GOSUMDB' }, locale);
    assert.ok(zh.out.includes(zhCn['cli.probe.fixes']!) && zh.out.includes(title('zh-cn')), zh.out);
    assert.ok(english.out.includes(en['cli.probe.fixes']) && english.out.includes(title('en')), english.out);
    assert.ok(!zh.out.includes(en['cli.probe.fixes']) && !english.out.includes(zhCn['cli.probe.fixes']!));
    // Go's error text is Go's in both.
    for (const r of [zh, english]) assert.ok(r.out.includes('invalid GOSUMDB: malformed verifier id'), r.out);
  });

  it('a Chinese editor\'s language server words the audit and its fixes in Chinese, from initialize\'s locale alone', async function () {
    this.timeout(60_000);
    const lines = readGoSum('etcd-io_etcd.go.sum').slice(0, 20);
    const db = await startSumdbServer({ goSumLines: lines });
    const home = makeHome('lsp-zh');
    // A GONOSUMDB pattern Go can never match: the setting's lint is worded in the editor's language too.
    writeFileSync(home.goEnvFile, `GOSUMDB=${gosumdbFor(db)}\nGONOSUMDB=example.com/[tools\n`);
    // The server's own environment says English: only the client's display language counts.
    const lsp = await startLspClient({ env: serverEnv(home, { LANG: 'en_US.UTF-8' }), workspace: home.workspace, locale: 'zh-CN' });
    try {
      const privateLine = 'github.com/acme-private/tool v1.2.3 h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=';
      const uri = await lsp.open(path.join(home.workspace, 'go.sum'), [...lines, privateLine].join('\n') + '\n');
      const { diagnostics } = await lsp.audited(uri, 1);
      const warn = diagnostics.find((d) => d.range.start.line === lines.length);
      assert.ok(warn, JSON.stringify(diagnostics));
      assert.ok(messageOf(warn).startsWith(t('audit.notFound', { database: 'sumdb.test', module: 'github.com/acme-private/tool', version: 'v1.2.3' }, 'zh-cn')), messageOf(warn));
      const fixes = (warn.data as DiagnosticFixData).fixes;
      assert.equal(fixes[0].title, t('fix.gonosumdb', { prefix: 'github.com/acme-private' }, 'zh-cn'));
      const lint = lsp.diagnostics.flatMap((p) => p.diagnostics).find((d) => messageOf(d).includes('example.com/[tools'));
      assert.ok(lint, JSON.stringify(lsp.diagnostics.map((p) => p.uri)));
      assert.equal(messageOf(lint), goenvMessages('zh-cn').patternNeverMatches('GONOSUMDB', 'example.com/[tools', 'malformed'));
    } finally {
      await lsp.stop();
      await db.close();
      home.remove();
    }
  });

  it('a Chinese user running the CLI reads Chinese, with Go\'s error text left as Go prints it', async function () {
    this.timeout(60_000);
    ensureBuilt();
    const r = await runCli(['probe', path.join(ROOT, 'test/fixtures/example'), '--no-go'], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent', GOENV: 'off', LANG: 'zh_CN.UTF-8', GOSUMDB: 'sum.golang.org,https://goproxy.cn' },
    });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.includes(zhCn['cli.probe.fixes']!), r.stdout);
    assert.ok(r.stdout.includes('invalid GOSUMDB: malformed verifier id'), r.stdout);
  });
});
