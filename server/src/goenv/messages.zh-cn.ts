// Every user-facing sentence of the goenv rules in Simplified Chinese (the English catalog is messages.ts).
// Go's own error texts, quoted fragments ("..."), variable names, flags, URLs and hosts stay in English: users
// search for them verbatim. Pure data: no I/O, never imports vscode.
import type { GoenvMessages, PatternProblem } from './messages';

export const zhCn: GoenvMessages = {
  gosumdbCommaList: (value) =>
    `GOSUMDB 只接受一个数据库，不接受列表：Go 拒绝 "${value}"。要通过镜像访问数据库，` +
    '请把镜像列在 GOPROXY 中；Go 会向它请求 /sumdb/<name>/supported。',
  gosumdbUrlInKey: (name, url) =>
    `"${name}+${url}" 用 "+" 连接了名称和 URL；Go 要求两者之间用一个空格分隔。`,
  gosumdbUnknownName: (name) =>
    `Go 只认识名为 sum.golang.org 的数据库。对于 "${name}"，GOSUMDB 需要完整的验证密钥（name+hash+key）。`,
  gosumdbInvalid: (goError) => `go 命令的每次校验和查询都会失败：${goError}`,
  gosumdbUrlScheme: (url) =>
    `数据库 URL "${url}" 没有 http:// 或 https:// 协议头，go 命令无法从它获取数据。`,
  gosumdbOff: () =>
    'GOSUMDB=off：go.sum 中尚未记录的模块不经任何校验和数据库检查就被接受。' +
    'go.sum 中已有的哈希仍会强制校验。如果只想让私有模块跳过数据库，请使用 GOPRIVATE 或 GONOSUMDB。',
  ignoredVariable: (name) => `go 命令不读取 ${name}；设置它不会产生任何效果。`,
  goinsecureNotSumdb: (patterns) =>
    `GOINSECURE（${patterns}）只允许在获取这些模块时使用明文 HTTP 和未经验证的证书。` +
    '它们仍会在校验和数据库中查询；要跳过数据库，请使用 GONOSUMDB 或 GOPRIVATE。',
  goflagsInsecure: () =>
    'go 命令已移除 -insecure 标志（Go 1.17）。对明文 HTTP 源请使用 GOINSECURE，' +
    '对校验和数据库无从知晓的模块请使用 GONOSUMDB。',
  goproxyInvalid: (goError) => `go 命令会拒绝此 GOPROXY：${goError}`,
  goproxyOff: () =>
    'GOPROXY=off：go 命令不下载任何内容（"module lookup disabled by GOPROXY=off"），' +
    '并且只能直接访问校验和数据库，从不经由代理。',
  goproxyDirectDatabase: (name) =>
    `没有列出代理，因此将直接连接 https://${name} 上的校验和数据库。` +
    '如果这里无法访问该主机，请在 GOPROXY 中列出一个提供该数据库的代理。',
  patternNeverMatches: (variable, pattern, reason) => {
    const why: Record<PatternProblem, string> = {
      space: '它包含空格；Go 只按逗号分割列表，并且不会去除空白',
      'carriage-return': '它以回车符结尾（go env 文件使用了 Windows 换行符）',
      scheme: '模块路径没有 https:// 之类的协议头',
      malformed: '它不是有效的模式（path.Match 语法错误）',
      quotes: '引号也是模式的一部分；Go 不会去掉它们',
    };
    return `${variable} 模式 "${pattern.replace(/\r/g, '\\r')}" 永远无法匹配任何模块路径：${why[reason]}。`;
  },
  fix: {
    useKnownDatabase: (name) => `设置 GOSUMDB=${name}`,
    separateUrl: () => '用空格分隔 URL',
    addMirrorToGoproxy: (mirror) => `通过 ${mirror} 访问数据库（GOPROXY）`,
    turnDatabaseOn: () => '重新开启校验和数据库',
    useGonosumdb: () => '改用 GONOSUMDB',
    removeVariable: (name) => `删除 ${name}`,
    alsoSkipDatabase: () => '让这些模块同时跳过校验和数据库（GONOSUMDB）',
    removeInsecureFlag: () => '从 GOFLAGS 中删除 -insecure',
    restoreDefaultGoproxy: () => '恢复默认的 GOPROXY',
    addHttps: () => '为数据库 URL 加上 https://',
    cleanPatterns: (variable) => `清理 ${variable} 中的模式`,
  },
  chain: {
    usesProxy: (proxy) => `校验和数据库经由 ${proxy}`,
    direct: (name) => `校验和数据库直连：https://${name}`,
    url: (url) => `校验和数据库位于 ${url}（在 GOSUMDB 中设置）`,
    off: () => '校验和数据库已关闭（GOSUMDB=off）',
    failed: () => '无法访问校验和数据库',
    step: {
      'use-proxy': '应答 200：它提供校验和数据库，Go 不会回退',
      'try-next': '应答 404/410：Go 尝试下一个条目',
      'try-next-after-error': '失败，且该条目以 "|" 结尾：Go 尝试下一个条目',
      stop: '失败，且该条目以 "," 结尾：Go 在此停止',
      'use-direct': 'Go 直接连接数据库',
      pass: 'GONOPROXY 条目不适用于数据库',
    },
  },
};
