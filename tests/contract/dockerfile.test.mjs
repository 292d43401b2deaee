// The Docker files, checked without Docker (tests/docker/run.sh builds and runs the image where
// an engine can be had): every RUN step of the Dockerfile is a script this repository runs too,
// dependencies are installed before the sources arrive (so a source change keeps them cached),
// the final stage is nothing but the tree docker/collect-runtime.sh lays out — which, run here
// on build/socialite, must serve under chroot as the image's user —, the HEALTHCHECK command
// works against a real server, and the compose files, the fixtures they mount and the README's
// Docker section only use paths that exist and SOCIALITE_* names that `socialite --help` prints.
// `config` of the compose files runs only where a compose tool answers.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetLinkedWhatsAppBusinessAccountCommand as GetWaba } from '@aws-sdk/client-socialmessaging';
import { BINARY, REPO_ROOT, freePort, startServer } from './helpers/server.mjs';

const repo = (...parts) => path.join(REPO_ROOT, ...parts);
const read = (...parts) => readFileSync(repo(...parts), 'utf8');

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:whatsapp-events';
const FIXTURE_WABA_ID = 'waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01';
const IMAGE_UID = '10001';

// ---- Dockerfile parsing -------------------------------------------------------------------

/**
 * The Dockerfile's instructions in order: {keyword, args, stage}. Handles `\` line
 * continuations and comment lines (also inside a continued instruction, as Docker does).
 */
function parseDockerfile(text) {
  const instructions = [];
  let pending = '';
  let stage = -1;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line)) continue;
    if (!pending && !line.trim()) continue;
    const continued = /\\\s*$/.test(line);
    pending += (pending ? ' ' : '') + (continued ? line.replace(/\\\s*$/, '') : line).trim();
    if (continued) continue;
    const m = /^(\S+)\s*(.*)$/.exec(pending);
    pending = '';
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    if (keyword === 'FROM') stage += 1;
    instructions.push({ keyword, args: m[2].trim(), stage });
  }
  assert.equal(pending, '', 'the Dockerfile ends inside a line continuation');
  return instructions;
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const all = (keyword) => dockerfile.filter((i) => i.keyword === keyword);
const finalStage = Math.max(...dockerfile.map((i) => i.stage));

/** `KEY=VALUE KEY2=VALUE2` of ENV instructions (the form this Dockerfile uses). */
function envOf(instructions) {
  const env = {};
  for (const { args } of instructions) {
    for (const pair of args.split(/\s+/).filter(Boolean)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(pair);
      assert.ok(m, `ENV ${args}: use KEY=VALUE pairs (got ${pair})`);
      env[m[1]] = m[2];
    }
  }
  return env;
}

// ---- package lists --------------------------------------------------------------------------

/** Package names of a list file, parsed as docker/install-deps.sh parses docker/packages.txt. */
function packageList(file) {
  return read(file)
    .split('\n')
    .map((l) => l.replace(/#.*/, '').replace(/\s/g, ''))
    .filter(Boolean);
}

const has = (cmd) => spawnSync('bash', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;

/** Names apt cannot install: no Candidate in `apt-cache policy` and not installed. */
function unresolvable(names) {
  const out = spawnSync('apt-cache', ['policy', ...names], { encoding: 'utf8' }).stdout ?? '';
  const candidate = {};
  let current = null;
  for (const line of out.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) current = head[1].replace(/:[a-z0-9]+$/, '');
    const cand = /^\s+Candidate:\s+(\S+)/.exec(line);
    if (cand && current) candidate[current] = cand[1];
  }
  return names.filter((n) => !candidate[n] || candidate[n] === '(none)');
}


// The RUN steps allowed, all in the build stage (the final stage is FROM scratch: no shell).
// Dependencies: install-deps.sh with the toolchain list and docker/packages.txt, as
// docker/build.sh runs it for README's first command.
const DEPS_RUN = 'bash docker/install-deps.sh docker/toolchain-packages.txt docker/packages.txt';
// The server target alone, no unit test configured (no GoogleTest needed).
const BUILD_RUN = 'SOCIALITE_BUILD_TESTS=OFF bash docker/build.sh socialite';
// The final image's file system, laid out in /rootfs.
const COLLECT_RUN = 'bash docker/collect-runtime.sh build/socialite /rootfs';

// ---- the binary's own list of variables ------------------------------------------------------

let helpVariables;
/** SOCIALITE_* names printed by `socialite --help`. */
function documentedVariables() {
  if (!helpVariables) {
    assert.ok(existsSync(BINARY), `socialite binary not found at ${BINARY} (run docker/build.sh first)`);
    const res = spawnSync(BINARY, ['--help'], { encoding: 'utf8' });
    assert.equal(res.status, 0, `socialite --help failed: ${res.stderr}`);
    helpVariables = new Set(res.stdout.match(/\bSOCIALITE_[A-Z0-9_]+/g) ?? []);
    assert.ok(helpVariables.has('SOCIALITE_HOST'), `no SOCIALITE_HOST in --help:\n${res.stdout}`);
  }
  return helpVariables;
}

function assertDocumented(names, where) {
  const known = documentedVariables();
  // SOCIALITE_TEST_* are the contract helpers' own (helpers/server.mjs), not the server's.
  const unknown = [...new Set(names)].filter((n) => !known.has(n) && !n.startsWith('SOCIALITE_TEST_'));
  assert.deepEqual(unknown, [], `${where} uses variables socialite --help does not print`);
}


// ---- tests ---------------------------------------------------------------------------------

describe('Dockerfile', () => {
  test('two stages: debian:12 builds, scratch runs', () => {
    const froms = all('FROM').map((i) => i.args);
    assert.deepEqual(froms, ['debian:12 AS build', 'scratch']);
  });

  test('every RUN step is one this repository runs too, in the build stage', () => {
    const runs = all('RUN');
    assert.deepEqual(runs.map((r) => r.args), [DEPS_RUN, BUILD_RUN, COLLECT_RUN]);
    assert.ok(runs.every((r) => r.stage === 0), 'RUN only in the build stage');
    // tests/run.sh builds with the same script (everything), README.md's first command too.
    assert.match(read('tests', 'run.sh'), /^bash docker\/build\.sh all$/m);
    assert.ok(read('README.md').includes('bash docker/build.sh && build/socialite'));
    // docker/build.sh runs install-deps.sh itself (README's path to the same packages).
    assert.match(read('docker', 'build.sh'), /^bash docker\/install-deps\.sh$/m);
  });

  test('dependencies are installed before the sources are copied (their layer stays cached)', () => {
    const build = dockerfile.filter((i) => i.stage === 0);
    const deps = build.findIndex((i) => i.keyword === 'RUN' && i.args === DEPS_RUN);
    const before = build.slice(0, deps).filter((i) => i.keyword === 'COPY').map((i) => i.args);
    // Before it, only the installer and its lists arrive.
    assert.deepEqual(before, ['docker/install-deps.sh docker/toolchain-packages.txt docker/packages.txt docker/']);
    // After it, what the server's build reads: every top-level folder CMakeLists.txt names
    // (tests/ only when the unit tests are on, which the image's build turns off).
    const copied = new Set(
      build.slice(deps).filter((i) => i.keyword === 'COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1)),
    );
    const named = new Set([...read('CMakeLists.txt').matchAll(/\$\{CMAKE_SOURCE_DIR\}\/([a-z_]+)\//g)].map((m) => m[1]));
    named.delete('tests');
    for (const dir of named) assert.ok(copied.has(dir), `the build stage does not copy ${dir}/`);
    for (const file of ['CMakeLists.txt', 'docker/build.sh', 'docker/collect-runtime.sh']) {
      assert.ok(copied.has(file), `the build stage does not copy ${file}`);
    }
    assert.ok(!copied.has('.'), 'COPY . . would rebuild on any change (README, tests)');
  });

  test('the package lists name packages apt can install', (t) => {
    if (!has('apt-cache')) return t.skip('no apt-cache on this machine');
    for (const list of ['docker/toolchain-packages.txt', 'docker/packages.txt']) {
      assert.ok(packageList(list).length > 0, `${list} lists no package`);
      assert.deepEqual(unresolvable(packageList(list)), [], `${list}: no candidate in apt-cache policy`);
    }
  });

  test('the final stage: /rootfs and the interface of DESIGN §2', () => {
    const last = dockerfile.filter((i) => i.stage === finalStage);
    const of = (k) => last.filter((i) => i.keyword === k).map((i) => i.args);
    assert.deepEqual(all('WORKDIR').filter((i) => i.stage === 0).map((i) => i.args), ['/src']);
    assert.deepEqual(of('COPY'), ['--from=build /rootfs/ /']);
    assert.deepEqual(of('RUN'), []);
    assert.deepEqual(of('ENTRYPOINT'), ['["/usr/local/bin/socialite"]']);
    // Every file copied from the build context exists.
    for (const args of all('COPY').map((i) => i.args).filter((a) => !a.startsWith('--'))) {
      for (const src of args.split(/\s+/).slice(0, -1)) {
        assert.ok(existsSync(repo(src)), `COPY ${src}: no such file`);
      }
    }
    const env = envOf(last.filter((i) => i.keyword === 'ENV'));
    assert.equal(env.SOCIALITE_HOST, '0.0.0.0');
    assert.equal(env.SOCIALITE_PORT, '4576');
    assert.equal(env.SOCIALITE_DB, '/data/socialite.db');
    assert.equal(env.SOCIALITE_S3_DIR, '/data/s3');
    assertDocumented(Object.keys(env), 'the Dockerfile');
    assert.deepEqual(of('EXPOSE'), ['4576']);
    assert.deepEqual(of('VOLUME'), ['/data']);
    assert.deepEqual(of('WORKDIR'), ['/data']);
    // A numeric user (what Kubernetes' runAsNonRoot can check), the one collect-runtime.sh
    // names in /etc/passwd and gives /data.
    assert.deepEqual(of('USER'), [`${IMAGE_UID}:${IMAGE_UID}`]);
    assert.match(read('docker', 'collect-runtime.sh'), new RegExp(`^uid=${IMAGE_UID}$`, 'm'));
  });

  test('.dockerignore keeps the host build tree, node_modules and .git out of the context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const p of ['build', '.git', '**/node_modules']) assert.ok(ignored.includes(p), `.dockerignore lacks ${p}`);
    // Nothing the Dockerfile copies by name is ignored.
    for (const p of ignored) {
      assert.ok(!/^(docker|fixtures|server|storage|CMakeLists\.txt)(\/|$)/.test(p), `.dockerignore drops ${p}`);
    }
  });

  describe('docker/collect-runtime.sh on build/socialite (the image without Docker)', () => {
    let dest;
    const asRoot = process.getuid?.() === 0;
    before(() => {
      if (!asRoot || !has('ldd') || !has('chroot')) return;
      dest = mkdtempSync(path.join(os.tmpdir(), 'socialite-rootfs-'));
      const res = spawnSync('bash', ['docker/collect-runtime.sh', BINARY, dest], { cwd: REPO_ROOT, encoding: 'utf8' });
      assert.equal(res.status, 0, res.stderr);
    });
    after(() => {
      if (dest) rmSync(dest, { recursive: true, force: true });
    });
    const need = (t) => {
      if (!dest) t.skip('needs root, ldd and chroot');
      return Boolean(dest);
    };

    test('every library ldd names is there, at the path ldd found it', (t) => {
      if (!need(t)) return;
      const ldd = spawnSync('ldd', [BINARY], { encoding: 'utf8' });
      assert.equal(ldd.status, 0, ldd.stderr);
      const libs = [...ldd.stdout.matchAll(/(?:=>\s+|^\s*)(\/\S+)/gm)].map((m) => m[1]);
      assert.ok(libs.length > 0, `ldd found no libraries:\n${ldd.stdout}`);
      for (const lib of libs) assert.ok(existsSync(path.join(dest, lib)), `${lib} missing`);
      assert.ok(existsSync(path.join(dest, 'usr/lib/ssl/cert.pem')), 'no CA trust store where OpenSSL looks');
      assert.match(readFileSync(path.join(dest, 'etc/passwd'), 'utf8'), new RegExp(`^socialite:x:${IMAGE_UID}:${IMAGE_UID}:`, 'm'));
      assert.equal(String(statSync(path.join(dest, 'data')).uid), IMAGE_UID);
      for (const f of ['default.json', 'template_library.json']) {
        assert.ok(existsSync(path.join(dest, 'opt/socialite/fixtures', f)), `fixtures/${f} missing`);
      }
    });

    test('serves under chroot as the image user, and --health-check passes there', async (t) => {
      if (!need(t)) return;
      const port = await freePort();
      const env = { PATH: process.env.PATH, SOCIALITE_HOST: '127.0.0.1', SOCIALITE_PORT: String(port), SOCIALITE_DB: '/data/socialite.db', SOCIALITE_S3_DIR: '/data/s3' };
      const chroot = ['--userspec', `${IMAGE_UID}:${IMAGE_UID}`, dest, '/usr/local/bin/socialite'];
      const child = spawn('chroot', chroot, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c) => { output += c; });
      child.stderr.on('data', (c) => { output += c; });
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        let passed = false;
        for (let i = 0; i < 200 && !passed; i += 1) {
          await new Promise((r) => setTimeout(r, 25));
          passed = spawnSync('chroot', [...chroot, '--health-check'], { env, encoding: 'utf8' }).status === 0;
        }
        assert.ok(passed, `--health-check never passed under chroot:\n${output}`);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, output);
      assert.ok(existsSync(path.join(dest, 'data/socialite.db')), 'no database in /data');
    });
  });

  describe('HEALTHCHECK', () => {
    let srv;
    const healthcheck = all('HEALTHCHECK');
    const cmd = () => {
      assert.equal(healthcheck.length, 1);
      const m = /^((?:--[a-z-]+=\S+\s+)*)CMD\s+(\[.*\])$/.exec(healthcheck[0].args);
      assert.ok(m, `HEALTHCHECK ${healthcheck[0].args}: expected options then CMD [exec form]`);
      return JSON.parse(m[2]);
    };
    // The image's command with this machine's binary in place of the image's path.
    const run = (port) => {
      const [, ...args] = cmd();
      return spawnSync(BINARY, args, { env: { SOCIALITE_PORT: String(port) }, encoding: 'utf8', timeout: 5000 });
    };

    before(async () => {
      srv = await startServer();
    });
    after(async () => {
      await srv?.dispose();
    });

    test('is the binary itself (no shell or curl in the image)', () => {
      assert.deepEqual(cmd(), ['/usr/local/bin/socialite', '--health-check']);
      assert.equal(healthcheck[0].stage, finalStage);
    });

    test('passes against a ready server on SOCIALITE_PORT', () => {
      const res = run(srv.port);
      assert.equal(res.status, 0, `healthcheck failed: ${res.stderr}`);
    });

    test('fails when nothing listens', async () => {
      const res = run(await freePort());
      assert.equal(res.status, 1, res.stderr);
      assert.match(res.stderr, /\/_socialite\/health/);
    });
  });
});

// ---- compose -------------------------------------------------------------------------------

const COMPOSE = ['docker/docker-compose.yml', 'docker/docker-compose.minimal.yml'];

/** Host paths a compose file names: build contexts and bind-mount sources (relative ones). */
function composePaths(text) {
  const paths = [...text.matchAll(/^\s*context:\s*(\S+)\s*$/gm)].map((m) => m[1]);
  for (const m of text.matchAll(/^\s*-\s*"?(\.{1,2}\/[^:"\s]*):([^:"\s]+)(?::(?:ro|rw))?"?\s*$/gm)) paths.push(m[1]);
  return paths;
}

/** `KEY: value` lines under the socialite service's environment (block mapping form). */
function composeEnvironment(text) {
  const env = {};
  const block = /^ {4}environment:\n((?: {6}\S.*\n)+)/m;
  const service = text.slice(text.indexOf('\n  socialite:\n'));
  const m = block.exec(service);
  assert.ok(m, 'the socialite service has an environment block');
  for (const line of m[1].split('\n').filter(Boolean)) {
    const kv = /^ {6}([A-Z0-9_]+):\s*(.*)$/.exec(line);
    assert.ok(kv, `environment line ${line.trim()}: use KEY: value`);
    env[kv[1]] = kv[2];
  }
  return env;
}

describe('compose files', () => {
  for (const file of COMPOSE) {
    test(`${file}: paths exist, socialite builds the Dockerfile, its variables are documented`, () => {
      const text = read(file);
      const dir = path.dirname(repo(file));
      const paths = composePaths(text);
      assert.ok(paths.includes('..'), 'the build context is the repository root (..)');
      for (const p of paths) assert.ok(existsSync(path.resolve(dir, p)), `${file} names ${p}, which does not exist`);
      assert.match(text, /^\s*dockerfile:\s*Dockerfile\s*$/m);
      // 4576 on the host unless HOST_PORT says otherwise (tests/docker/run.sh gives 0: any free port).
      assert.match(text, /^\s*- "\$\{HOST_PORT:-4576\}:4576"$/m);
      assert.match(text, /^\s*- socialite-data:\/data$/m);
      assert.match(text, /^ {2}socialite:$/m);
      assertDocumented(text.match(/\bSOCIALITE_[A-Z0-9_]+/g) ?? [], file);
    });
  }

  test('docker-compose.yml wires Socialite to LocalStack SNS, EventBridge and S3', () => {
    const text = read('docker/docker-compose.yml');
    assert.match(text, /^\s*image:\s*localstack\/localstack:3\s*$/m);
    assert.match(text, /^\s*SERVICES:\s*sns,sqs,s3,events\s*$/m);
    assert.match(text, /^\s*- \.\/localstack-init:\/etc\/localstack\/init\/ready\.d(:ro)?$/m);
    assert.match(text, /condition:\s*service_healthy/);
    const env = composeEnvironment(text);
    assert.equal(env.SOCIALITE_SNS_ENDPOINT, 'http://localstack:4566');
    assert.equal(env.SOCIALITE_S3_ENDPOINT, 'http://localstack:4566');
    assert.equal(env.SOCIALITE_EVENTBRIDGE_ENDPOINT, 'http://localstack:4566');
    assert.equal(env.SOCIALITE_REGION, 'us-east-1');
    // The fixtures variable names the file the compose file mounts.
    const mount = /^\s*- \.\/fixtures\.compose\.json:(\S+?)(:ro)?$/m.exec(text);
    assert.ok(mount, 'docker/fixtures.compose.json is mounted');
    assert.equal(env.SOCIALITE_FIXTURES, mount[1]);
  });

  test('the LocalStack init script: executable bash, the topic of the fixtures, the bucket, a PNG', () => {
    const file = repo('docker', 'localstack-init', 'init.sh');
    // LocalStack runs only executable scripts of ready.d.
    assert.ok(statSync(file).mode & 0o111, 'init.sh is not executable');
    const syntax = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    assert.equal(syntax.status, 0, syntax.stderr);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^#!\/bin\/bash$/m);
    assert.match(text, /sns create-topic --name whatsapp-events /);
    assert.match(text, /sqs create-queue --queue-name whatsapp-events-queue /);
    assert.match(text, /--protocol sqs/);
    assert.match(text, /RawMessageDelivery=true/);
    assert.match(text, /events put-rule --name whatsapp-events/);
    assert.match(text, /"source":\["aws\.social-messaging"\]/);
    assert.match(text, /events put-targets --rule whatsapp-events/);
    assert.match(text, /s3 mb s3:\/\/whatsapp-media/);
    assert.match(text, /s3:\/\/whatsapp-media\/sample\.png --content-type image\/png/);
    const b64 = /printf '%s' '([A-Za-z0-9+/=]+)'/.exec(text);
    assert.ok(b64, 'the sample image is inlined as base64');
    const png = Buffer.from(b64[1], 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  test('fixtures.compose.json is the default fixtures plus the topic as event destination', () => {
    const compose = JSON.parse(read('docker', 'fixtures.compose.json'));
    const base = JSON.parse(read('fixtures', 'default.json'));
    const linked = compose.linkedAccounts.find((a) => a.id === FIXTURE_WABA_ID);
    assert.deepEqual(linked.eventDestinations, [{ eventDestinationArn: TOPIC_ARN }]);
    // Apart from that destination, no drift from fixtures/default.json.
    for (const fx of [compose, base]) for (const a of fx.linkedAccounts) delete a.eventDestinations;
    assert.deepEqual(compose, base);
  });

  test('the server loads fixtures.compose.json: the fixture WABA sends events to the topic', async () => {
    const srv = await startServer({ fixtures: repo('docker', 'fixtures.compose.json') });
    try {
      const { account } = await srv.client().send(new GetWaba({ id: FIXTURE_WABA_ID }));
      assert.deepEqual(account.eventDestinations.map((d) => d.eventDestinationArn), [TOPIC_ARN]);
    } finally {
      await srv.dispose();
    }
  });

  test("README's Docker section names existing files and documented variables", () => {
    const readme = read('README.md');
    const start = readme.indexOf('\n## Docker\n');
    assert.ok(start >= 0, 'README.md has a "## Docker" section');
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    assertDocumented(section.match(/\bSOCIALITE_[A-Z0-9_]+/g) ?? [], 'README.md ## Docker');
    for (const [, p] of section.matchAll(/`((?:docker|tests|fixtures)\/[^`\s]+)`/g)) {
      if (p.includes('*')) continue; // a glob such as docker/*-packages.txt
      assert.ok(existsSync(repo(p)), `README.md ## Docker names ${p}, which does not exist`);
    }
    for (const file of COMPOSE) assert.ok(section.includes(`docker compose -f ${file} up -d`));
  });

  test('compose config accepts both files (only where a compose tool runs)', (t) => {
    // The compose plugin, or Debian's docker-compose 1.29 (which knows no top-level `name:`).
    const tools = [['docker', 'compose'], ['docker-compose']].filter(([file, ...args]) => {
      const version = spawnSync(file, [...args, 'version'], { encoding: 'utf8' });
      return !version.error && version.status === 0;
    });
    if (tools.length === 0) return t.skip('no docker compose or docker-compose on this machine');
    for (const [file, ...args] of tools) {
      for (const compose of COMPOSE) {
        const res = spawnSync(file, [...args, '-f', repo(compose), 'config', '--quiet'], { encoding: 'utf8' });
        assert.equal(res.status, 0, `${file} ${args.join(' ')} config ${compose}: ${res.stderr}`);
      }
    }
  });
});
