// Every sentence of en.ts in Simplified Chinese, under the same keys and with the same {param} placeholders.
// Go's own error texts, quoted fragments ("..."), environment variable names, commands, URLs and hosts stay in
// English: users search for them verbatim. Pure data: no I/O, never imports vscode.
import type { MessageKey } from './en';

export const zhCn: Partial<Record<MessageKey, string>> = {
  // Verdicts
  'verdict.ok.title': 'go.sum 可以校验：{database} 已应答，并已经由 {base} 完成端到端验证。',
  'verdict.ok.explanation': '签名树头已用配置的密钥验证通过，并且一次查询已被证明包含在日志中。请求方式：{via}。',
  'verdict.blocked.title': '无法访问校验和数据库 {database}。',
  'verdict.blocked.explanation': '访问 {target} 失败（{failure}）：{reason}。go.sum 中尚未记录的每个模块版本，go 命令都需要向该数据库查询，因此下载会失败，报错如下。',
  'verdict.tls.title': '到 {host} 的 HTTPS 连接被拦截：证书由 "{issuer}" 颁发。',
  'verdict.tls.explanation': '{host} 出示的证书链（使用者 "{subject}"，颁发者 "{issuer}"）无法追溯到 Go 使用的信任库：{store}。很可能是公司代理或安全软件在重新签发 HTTPS 流量的证书。请把它的根证书安装到 Go 读取的位置；切勿关闭证书验证。',
  'verdict.misconfigured.title': '{variable} 当前的设置无法工作。',
  'verdict.misconfigured.explanation': 'go 命令拒绝 {variable}={value}：{goError}',
  'verdict.misconfigured.sumdbOff': 'GOSUMDB=off：新的模块版本不经校验和数据库的任何检查就被接受（go.sum 中已有的行仍会强制校验）。',
  'verdict.misconfigured.key': '该数据库签名树头所用的密钥与为 {name} 配置的密钥不同：{goError}',
  'verdict.disagreement.title': '代理与校验和数据库对 {module} {version} 的数据不一致。',
  'verdict.disagreement.notFound': '代理提供了 {module} {version}，但校验和数据库中没有它（HTTP {status}）。这通常是私有模块，应加入 GONOSUMDB 或 GOPRIVATE。',
  'verdict.disagreement.hash': '对于 {module} {version}（{file}），{sources}。发布版本被重新打标签，或文件在传输途中被替换，都会造成这种情况。',
  'verdict.disagreement.security': '校验和数据库与它早先签名的树头相矛盾。go 命令把这种情况报告为 server misbehavior（服务器行为异常）。',

  // Fixes
  'fix.goproxyCn': '通过提供该数据库的代理访问 {database}（goproxy.cn 提供 sum.golang.org）',
  'fix.alias': '或通过镜像地址 sum.golang.google.cn 访问同一个数据库',
  'fix.httpsProxy': '或让 HTTPS 经由你所在网络的代理（在此填写其真实地址）',
  'fix.proxyFallback': '{proxy} 失败时，让 go 命令尝试下一个 GOPROXY 条目',
  'fix.tls.osStore': '把 "{issuer}" 根证书安装到系统证书库（例如复制到 /usr/local/share/ca-certificates/ 后运行 update-ca-certificates）；Go 会从那里读取',
  'fix.tls.certDir': '或保留系统根证书，并添加一个存放 "{issuer}" 的目录（SSL_CERT_DIR 是以冒号分隔的列表）',
  'fix.tls.certFile': '或让 Go 使用一个 PEM 证书包，其中包含系统根证书和 "{issuer}"',
  'fix.setting': '把 {variable} 设为 Go 接受的值',
  'fix.sumdbOn': '重新开启校验和验证',
  'fix.knownKey': '使用 Go 已知的 {name} 密钥',
  'fix.askKey': '向 {name} 的运营方索取验证密钥（name+hash+key）并进行设置',
  'fix.gonosumdb': '如果 {prefix} 是你的私有代码，切勿把它发送到公共数据库',
  'fix.goprivate': '或把 {prefix} 标记为私有（不使用公共数据库，也不使用公共代理）',
  'fix.trustedProxy': '从提供与数据库记录一致内容的代理下载',
  'fix.gosumLine': '删除 go.sum 中 {module} {version} 的行，然后运行 go mod download 重新获取',

  // Hash disagreement sources
  'hash.gosumVsDb': 'go.sum 记录的是 {goSum}，而数据库记录的是 {database}',
  'hash.proxyVsDb': '代理提供的文件哈希为 {proxy}，而数据库记录的是 {database}',
  'hash.gosumVsProxy': 'go.sum 记录的是 {goSum}，而代理提供的文件哈希为 {proxy}',

  // Probe steps
  'step.settings': 'GOSUMDB={gosumdb}, GOPROXY={goproxy}',
  'step.dns': '解析为 {addresses}',
  'step.connect': '与 {address} 建立 TCP 连接，耗时 {ms} ms',
  'step.proxy': '经由代理 {proxy}',
  'step.tls': '{protocol}，ALPN {alpn}；证书链：{chain}；{anchored}（测试的信任库：{store}）',
  'step.tls.anchored': '可追溯到信任库中的根证书',
  'step.tls.notAnchored': '无法追溯到信任库中的根证书：{reason}',
  'step.supported': '{proxy} 应答 {status}：{meaning}',
  'step.supported.200': '它提供该数据库；所有读取都发往它',
  'step.supported.notFound': '它不提供该数据库；将尝试下一个条目',
  'step.supported.other': 'go 命令在此停止',
  'step.base': '数据库读取发往 {base}（{via}）',
  'step.latest': '大小为 {size} 的签名树头已用 {key} 验证通过',
  'step.lookup': '{module} {version} 是第 {id} 条记录，已证明包含在大小为 {size} 的树中',
  'step.spotcheck.agree': 'go.sum、数据库和代理对 {module} {version}/go.mod 的哈希一致（{hash}）',
  'step.spotcheck.noGoSum': '数据库和代理对 {module} {version}/go.mod 的哈希一致（{hash}）',
  'step.skipped': '已跳过：{reason}',
  'step.goCommand': 'go mod download 的退出码为 {code}',
  'step.failed': '{error}',

  // CLI
  'cli.probe.usage': '用法：gosum-doctor probe [DIR] [--json]',
  'cli.probe.scenario': '场景：{scenario}',
  'cli.probe.goSaw': 'go 命令很可能报告了：',
  'cli.probe.fixes': '需要修改的内容：',
  'cli.probe.steps': '步骤：',

  // ---- Audit (go.sum lines against the checksum database; server/src/audit) ----
  'audit.verified': '已验证：{database} 中有与此行完全一致的记录（第 {id} 条记录，已在包含 {size} 条记录的树中得到证明）。',
  'audit.noZipLine': '{database} 中 {module} {version} 的第 {id} 条记录只有 /go.mod 哈希，没有模块（zip）哈希，因此数据库无法为此行作证。go 命令会不经校验地接受它。',
  'audit.noGoModLine': '{database} 中 {module} {version} 的第 {id} 条记录没有 /go.mod 哈希，因此数据库无法为此行作证。go 命令会不经校验地接受它。',
  'audit.notFound': '{database} 中没有 {module} {version}。',
  'audit.notFound.private': '如果 {prefix} 是私有代码，请把它加入 GONOSUMDB（或 GOPRIVATE），这样它永远不会被发送到公共校验和数据库。',
  'audit.private': '未发送到校验和数据库：{module} 匹配 {variable}={patterns}。go 命令也不会在那里检查它；只有 go.sum 为它作证。',
  'audit.disabled': 'GOSUMDB=off：新的模块版本不经任何校验和数据库检查就被接受。go 命令仍会强制校验此行，但没有任何来源确认过它。',
  'audit.unverifiable.offline': '未检查：当前离线，本工具的缓存和 Go 的 sumdb 缓存都无法证明 {module} {version}。',
  'audit.unverifiable.scenario': '未检查：{title} 请参阅文件顶部的说明。',
  'audit.unverifiable.error': '未检查：{error}',
  'audit.malformed.algorithm': '未知的哈希算法 "{algorithm}"：go 命令会忽略此哈希，因此它起不到任何保护作用。',
  'audit.security.line': '校验和数据库 {database} 被发现作假（server misbehavior），因此它说的任何内容都不可信，包括关于此行的内容。',
  'audit.scenario.top': '有 {count} 行 go.sum 无法对照 {database} 检查：{title}',
  'audit.moduleCache.absent': '模块缓存中没有此模块版本的副本。',
  'audit.moduleCache.matches': '模块缓存中的哈希与此相同。',
  'audit.progress': '正在对照 {database} 检查 {count} 行 go.sum',
  'cli.check.summary': '{lines} 行 go.sum：{counts}',
};
