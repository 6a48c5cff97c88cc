// Reads config/{env}.env, the server settings that differ per environment and are not secrets.
// The same files are checked by the server's own loader in tests/core/env_files_test.cpp, so what
// reaches the container is exactly what the server accepts.
import * as fs from 'fs';
import * as path from 'path';

// The repository root: the nearest directory above this file holding config/ and CMakeLists.txt
// (so it works from lib/ and from the compiled dist/lib/ alike).
export function repositoryRoot(): string {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'CMakeLists.txt')) && fs.existsSync(path.join(dir, 'config'))) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`no repository root above ${__dirname}`);
}

// KEY=VALUE lines; blank lines and # comments skipped; matching outer quotes removed — the subset
// of the server's ReadEnvFile syntax these files use.
export function readEnvFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  fs.readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`${file}:${index + 1}: expected KEY=VALUE`);
      let value = line.slice(eq + 1);
      if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
        value = value.slice(1, -1);
      }
      values[line.slice(0, eq)] = value;
    });
  return values;
}

export function environmentSettingsFile(environment: string): string {
  return path.join(repositoryRoot(), 'config', `${environment}.env`);
}
