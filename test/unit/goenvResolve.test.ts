import assert from 'node:assert/strict';
import { resolveGoEnv, envValues, EnvInputs } from '../../server/src/goenv/resolve';
import { envFileLocation, userConfigDir } from '../../server/src/shared/locations';

const HOME = '/home/gopher';
const USER_FILE = `${HOME}/.config/go/env`;
const GO_ENV = '# defaults\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=local\n';

function inputs(over: Partial<EnvInputs> = {}): EnvInputs {
  return {
    process: { HOME },
    gorootFound: '/usr/lib/go',
    gorootFile: { path: '/usr/lib/go/go.env', text: GO_ENV },
    platform: 'linux',
    ...over,
  };
}

describe('the effective Go environment and where each value comes from', () => {
  it('with nothing set, the values come from GOROOT/go.env and Go\'s defaults', () => {
    const env = resolveGoEnv(inputs());
    const v = envValues(env);
    assert.equal(v.GOPROXY, 'https://proxy.golang.org,direct');
    assert.equal(env.vars.GOPROXY.source, 'goroot-go.env');
    assert.equal(env.vars.GOPROXY.line, 1);
    assert.equal(v.GOTOOLCHAIN, 'local');
    assert.equal(v.GOPATH, '/home/gopher/go');
    assert.equal(v.GOMODCACHE, '/home/gopher/go/pkg/mod');
    assert.equal(env.vars.GOMODCACHE.source, 'derived');
    assert.equal(v.GOENV, USER_FILE);
    assert.equal(v.GOROOT, '/usr/lib/go');
  });

  it('without a readable go.env, the standard go.env defaults are assumed', () => {
    const env = resolveGoEnv(inputs({ gorootFile: undefined }));
    assert.equal(env.vars.GOSUMDB.value, 'sum.golang.org');
    assert.equal(env.vars.GOSUMDB.source, 'default');
    assert.equal(env.vars.GOTOOLCHAIN.value, 'auto');
  });

  it('go env -w beats go.env, and the process environment beats both', () => {
    const userFile = { path: USER_FILE, text: 'GOPROXY=https://goproxy.cn,direct\nGOSUMDB=sum.golang.google.cn\n' };
    const env = resolveGoEnv(inputs({ userFile, process: { HOME, GOSUMDB: 'off' } }));
    assert.equal(env.vars.GOPROXY.value, 'https://goproxy.cn,direct');
    assert.deepEqual([env.vars.GOPROXY.source, env.vars.GOPROXY.file, env.vars.GOPROXY.line, env.vars.GOPROXY.range],
      ['goenv-file', USER_FILE, 0, { start: 8, end: 33 }]);
    assert.equal(env.vars.GOSUMDB.value, 'off');
    assert.equal(env.vars.GOSUMDB.source, 'process');
  });

  it('an empty environment variable does not hide the env file (Go ignores empty values)', () => {
    const userFile = { path: USER_FILE, text: 'GOPROXY=https://goproxy.cn\n' };
    const env = resolveGoEnv(inputs({ userFile, process: { HOME, GOPROXY: '' } }));
    assert.equal(env.vars.GOPROXY.value, 'https://goproxy.cn');
  });

  it('an empty line in the user file does hide go.env (the key exists)', () => {
    const env = resolveGoEnv(inputs({ userFile: { path: USER_FILE, text: 'GOPROXY=\n' } }));
    assert.equal(env.vars.GOPROXY.value, '');
    assert.equal(env.vars.GOPROXY.source, 'goenv-file');
  });

  it('VS Code\'s go.toolsEnvVars override the process environment, as vscode-go passes them to go', () => {
    const env = resolveGoEnv(inputs({ process: { HOME, GOPROXY: 'https://a.example' }, toolsEnvVars: { GOPROXY: 'https://b.example', GOFLAGS: 42 } }));
    assert.equal(env.vars.GOPROXY.value, 'https://b.example');
    assert.equal(env.vars.GOPROXY.source, 'toolsEnvVars');
    assert.equal(env.vars.GOFLAGS.value, '', 'non-string settings are ignored');
  });

  it('a toolsEnvVars entry set to "" blanks the process value, so the env file applies', () => {
    const env = resolveGoEnv(inputs({
      process: { HOME, GOPROXY: 'https://a.example' }, toolsEnvVars: { GOPROXY: '' },
      userFile: { path: USER_FILE, text: 'GOPROXY=https://file.example\n' },
    }));
    assert.equal(env.vars.GOPROXY.value, 'https://file.example');
  });

  it('GONOSUMDB and GONOPROXY default to GOPRIVATE, and an explicit value replaces it (no merge)', () => {
    const env = resolveGoEnv(inputs({ process: { HOME, GOPRIVATE: 'corp.example.com', GONOPROXY: 'none.example' } }));
    assert.equal(env.vars.GONOSUMDB.value, 'corp.example.com');
    assert.equal(env.vars.GONOSUMDB.source, 'derived');
    assert.equal(env.vars.GONOSUMDB.derivedFrom, 'GOPRIVATE');
    assert.equal(env.vars.GONOPROXY.value, 'none.example');
  });

  it('GOENV=off skips the user file; GOENV=path uses that file', () => {
    assert.deepEqual(envFileLocation({ GOENV: 'off', HOME }, 'linux'), { kind: 'off' });
    assert.deepEqual(envFileLocation({ GOENV: '/etc/goenv', HOME }, 'linux'), { kind: 'file', path: '/etc/goenv', fromGOENV: true });
    const env = resolveGoEnv(inputs({ process: { HOME, GOENV: 'off' } }));
    assert.equal(env.vars.GOENV.value, '');
  });

  it('finds the user file where os.UserConfigDir says, per platform', () => {
    assert.deepEqual(envFileLocation({ HOME, XDG_CONFIG_HOME: '/xdg' }, 'linux'), { kind: 'file', path: '/xdg/go/env', fromGOENV: false });
    assert.deepEqual(userConfigDir({ XDG_CONFIG_HOME: 'rel' }, 'linux'), { error: 'path in $XDG_CONFIG_HOME is relative' });
    assert.deepEqual(envFileLocation({ HOME: '/Users/g' }, 'darwin'), { kind: 'file', path: '/Users/g/Library/Application Support/go/env', fromGOENV: false });
    assert.deepEqual(envFileLocation({ AppData: 'C:\\Users\\g\\AppData\\Roaming' }, 'win32'), { kind: 'file', path: 'C:\\Users\\g\\AppData\\Roaming\\go\\env', fromGOENV: false });
    assert.deepEqual(envFileLocation({}, 'linux'), { kind: 'unknown', error: 'neither $XDG_CONFIG_HOME nor $HOME are defined' });
    assert.deepEqual(envFileLocation({ HOME: '/Users/g' }, 'win32'), { kind: 'unknown', error: '%AppData% is not defined' });
    assert.deepEqual(envFileLocation({ APPDATA: 'C:\\R', goenv: 'C:\\mine' }, 'win32'), { kind: 'file', path: 'C:\\mine', fromGOENV: true }, 'Windows names ignore case');
    assert.deepEqual(envFileLocation({ HOME: '/h' }, 'darwin'), { kind: 'file', path: '/h/Library/Application Support/go/env', fromGOENV: false });
    assert.deepEqual(envFileLocation({}, 'darwin'), { kind: 'unknown', error: '$HOME is not defined' });
    assert.deepEqual(envFileLocation({ home: '/usr/glenda' }, 'plan9' as NodeJS.Platform), { kind: 'file', path: '/usr/glenda/lib/go/env', fromGOENV: false });
    assert.deepEqual(envFileLocation({}, 'plan9' as NodeJS.Platform), { kind: 'unknown', error: '$home is not defined' });
  });

  it('HTTPS_PROXY is read upper case first, then https_proxy, from the OS environment only', () => {
    const env = resolveGoEnv(inputs({
      process: { HOME, https_proxy: 'http://lower:3128', NO_PROXY: 'corp' },
      userFile: { path: USER_FILE, text: 'HTTPS_PROXY=http://file:3128\n' },
    }));
    assert.equal(env.vars.HTTPS_PROXY.value, 'http://lower:3128');
    assert.equal(env.vars.HTTPS_PROXY.readAs, 'https_proxy');
    assert.equal(env.vars.NO_PROXY.value, 'corp');
    const upper = resolveGoEnv(inputs({ process: { HOME, HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' } }));
    assert.equal(upper.vars.HTTPS_PROXY.value, 'http://upper:1');
  });

  it('GOPATH defaults to ~/go, GOMODCACHE follows the first GOPATH entry', () => {
    const env = resolveGoEnv(inputs({ process: { HOME, GOPATH: '/a:/b' } }));
    assert.equal(env.vars.GOMODCACHE.value, '/a/pkg/mod');
    const clash = resolveGoEnv(inputs({ process: { HOME }, gorootFound: `${HOME}/go` }));
    assert.equal(clash.vars.GOPATH.value, '', 'Go refuses GOPATH=GOROOT as a default');
  });

  it('notices ignored variables such as GONOSUMCHECK wherever they are set', () => {
    const env = resolveGoEnv(inputs({ process: { HOME, GONOVERIFY: '1' }, userFile: { path: USER_FILE, text: 'GONOSUMCHECK=corp.com\n' } }));
    assert.deepEqual(env.ignored.map((v) => [v.name, v.source]), [['GONOSUMCHECK', 'goenv-file'], ['GONOVERIFY', 'process']]);
  });
});
