// The Docker files, checked without Docker (our build machines cannot run it): every RUN step
// of the Dockerfile is a command this test suite runs too, the runtime package list covers
// what the binary links, the HEALTHCHECK command works against a real server, and the compose
// files, the fixtures they mount and the README's Docker section only use paths that exist and
// SOCIALITE_* names that `socialite --help` prints. `docker compose config` runs only where a
// Docker client with the compose plugin answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetLinkedWhatsAppBusinessAccountCommand as GetWaba } from '@aws-sdk/client-socialmessaging';
import { BINARY, REPO_ROOT, freePort, startServer } from './helpers/server.mjs';

const repo = (...parts) => path.join(REPO_ROOT, ...parts);
const read = (...parts) => readFileSync(repo(...parts), 'utf8');

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:whatsapp-events';
const FIXTURE_WABA_ID = 'waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01';

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

// The one form an apt-get RUN step may take: the list is read from a file of docker/, the
// same way install-deps.sh reads docker/packages.txt (comments stripped).
const APT_RUN =
  /^apt-get update && sed -e 's\/#\.\*\/\/' (docker\/[a-z0-9-]+-packages\.txt) \| xargs apt-get install -y --no-install-recommends && rm -rf \/var\/lib\/apt\/lists\/\*$/;
const BUILD_RUN = 'bash docker/build.sh';
// Setting up the unprivileged user and its data directory: nothing else is allowed.
const USER_RUN =
  'groupadd --gid 10001 socialite && useradd --uid 10001 --gid socialite --home-dir /data ' +
  '--no-create-home --shell /usr/sbin/nologin socialite && mkdir -p /data/s3 && ' +
  'chown -R socialite:socialite /data';

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
  const unknown = [...new Set(names)].filter((n) => !known.has(n));
  assert.deepEqual(unknown, [], `${where} uses variables socialite --help does not print`);
}

// ---- tests ---------------------------------------------------------------------------------

describe('Dockerfile', () => {
  test('two stages, both Debian 12: debian:12 builds, debian:12-slim runs', () => {
    const froms = all('FROM').map((i) => i.args);
    assert.deepEqual(froms, ['debian:12 AS build', 'debian:12-slim']);
  });

  test('every RUN step is one the test suite runs too', () => {
    const runs = all('RUN');
    assert.ok(runs.length > 0 && runs.length <= 5, `${runs.length} RUN steps; keep them few`);
    const runSh = read('tests', 'run.sh');
    for (const { args, stage } of runs) {
      if (args === BUILD_RUN) {
        // tests/run.sh runs the same script (and README.md tells people to).
        assert.match(runSh, /^bash docker\/build\.sh$/m, 'tests/run.sh no longer runs docker/build.sh');
        assert.ok(read('README.md').includes('bash docker/build.sh'));
        assert.equal(stage, 0, 'docker/build.sh runs in the build stage');
        continue;
      }
      const apt = APT_RUN.exec(args);
      if (apt) {
        const list = apt[1];
        assert.ok(existsSync(repo(list)), `RUN installs ${list}, which does not exist`);
        // The list reaches the stage before the RUN that reads it.
        const copied = dockerfile.some(
          (i) => i.keyword === 'COPY' && i.stage === stage && i.args === `${list} docker/`,
        );
        assert.ok(copied, `stage ${stage} reads ${list} without COPY ${list} docker/ first`);
        // The very pipeline of the RUN step, with apt-get install swapped for echo, gives the
        // names this test parses.
        const pipeline = args.replace(/^apt-get update && /, '').replace(/ && rm -rf .*$/, '')
          .replace('xargs apt-get install -y --no-install-recommends', 'xargs echo');
        const res = spawnSync('bash', ['-c', pipeline], { cwd: REPO_ROOT, encoding: 'utf8' });
        assert.equal(res.status, 0, res.stderr);
        const names = packageList(list);
        assert.ok(names.length > 0, `${list} lists no package`);
        assert.deepEqual(res.stdout.trim().split(/\s+/), names);
        for (const n of names) assert.match(n, /^[a-z0-9][a-z0-9+.-]+$/, `${list}: ${n} is not a package name`);
        continue;
      }
      if (args === USER_RUN) {
        assert.equal(stage, finalStage, 'the user is created in the final stage');
        continue;
      }
      assert.fail(`RUN ${args}\nis none of: ${BUILD_RUN} | the apt-get line reading docker/*-packages.txt | the user set-up`);
    }
    // Each form is there: toolchain + runtime lists, the build, the user.
    const lists = runs.map((r) => APT_RUN.exec(r.args)?.[1]).filter(Boolean);
    assert.deepEqual(lists.sort(), ['docker/runtime-packages.txt', 'docker/toolchain-packages.txt']);
    assert.ok(runs.some((r) => r.args === BUILD_RUN) && runs.some((r) => r.args === USER_RUN));
  });

  test('the package lists name packages apt can install', (t) => {
    if (!has('apt-cache')) return t.skip('no apt-cache on this machine');
    for (const list of ['docker/toolchain-packages.txt', 'docker/runtime-packages.txt']) {
      assert.deepEqual(unresolvable(packageList(list)), [], `${list}: no candidate in apt-cache policy`);
    }
  });

  test('the runtime list covers every shared library build/socialite links', (t) => {
    if (!has('ldd') || !has('dpkg-query')) return t.skip('no ldd or dpkg-query on this machine');
    assert.ok(existsSync(BINARY), `socialite binary not found at ${BINARY}`);
    const ldd = spawnSync('ldd', [BINARY], { encoding: 'utf8' });
    assert.equal(ldd.status, 0, ldd.stderr);
    const libs = [...ldd.stdout.matchAll(/=>\s+(\/\S+)/g)].map((m) => m[1]);
    assert.ok(libs.length > 0, `ldd found no libraries:\n${ldd.stdout}`);
    const runtime = new Set(packageList('docker/runtime-packages.txt'));
    // dpkg knows a file by the path its package ships it under: ask for the resolved path, the
    // given one, and the other side of Debian's merged /usr, all in one dpkg-query call.
    const candidatesOf = (lib) =>
      [...new Set([realpathSync(lib), lib].flatMap((p) => [p, p.startsWith('/usr/') ? p.slice(4) : `/usr${p}`]))];
    const query = spawnSync('dpkg-query', ['-S', ...libs.flatMap(candidatesOf)], { encoding: 'utf8' });
    const owners = new Map(); // path -> package
    for (const line of query.stdout.split('\n')) {
      const m = /^([^:,\s]+)(?::[a-z0-9]+)?: (\/\S+)$/.exec(line);
      if (m) owners.set(m[2], m[1]);
    }
    const missing = [];
    for (const lib of libs) {
      const owner = candidatesOf(lib).map((p) => owners.get(p)).find(Boolean);
      // A library that no package owns (built by hand) cannot be installed by name at all.
      assert.ok(owner, `no Debian package owns ${lib}`);
      // libc6 is in every Debian image (essential); a sanitizer build (SOCIALITE_SANITIZE)
      // links runtimes the Release image never has.
      if (owner === 'libc6' || /^lib(asan|ubsan)\d+$/.test(owner)) continue;
      if (!runtime.has(owner)) missing.push(`${owner} (${lib})`);
    }
    assert.deepEqual(missing, [], 'docker/runtime-packages.txt lacks packages that ldd build/socialite needs');
  });

  test('the final stage: the binary, the fixtures, and the interface of DESIGN §2', () => {
    const last = dockerfile.filter((i) => i.stage === finalStage);
    const of = (k) => last.filter((i) => i.keyword === k).map((i) => i.args);
    // Only the binary comes from the build stage, from where docker/build.sh puts it.
    assert.deepEqual(all('WORKDIR').filter((i) => i.stage === 0).map((i) => i.args), ['/src']);
    const fromBuild = of('COPY').filter((a) => a.startsWith('--from='));
    assert.deepEqual(fromBuild, ['--from=build /src/build/socialite /usr/local/bin/socialite']);
    assert.deepEqual(of('ENTRYPOINT'), ['["/usr/local/bin/socialite"]']);
    // Every file copied from the build context exists.
    for (const args of all('COPY').map((i) => i.args).filter((a) => !a.startsWith('--'))) {
      const parts = args.split(/\s+/);
      for (const src of parts.slice(0, -1)) {
        if (src !== '.') assert.ok(existsSync(repo(src)), `COPY ${src}: no such file`);
      }
    }
    assert.ok(of('COPY').includes('fixtures/default.json fixtures/template_library.json /opt/socialite/fixtures/'));

    const env = envOf(last.filter((i) => i.keyword === 'ENV'));
    assert.equal(env.SOCIALITE_HOST, '0.0.0.0');
    assert.equal(env.SOCIALITE_PORT, '4576');
    assert.equal(env.SOCIALITE_DB, '/data/socialite.db');
    assert.equal(env.SOCIALITE_S3_DIR, '/data/s3');
    assertDocumented(Object.keys(env), 'the Dockerfile');
    assert.deepEqual(of('EXPOSE'), ['4576']);
    assert.deepEqual(of('VOLUME'), ['/data']);
    const users = of('USER');
    assert.equal(users.length, 1);
    assert.ok(!['root', '0'].includes(users[0].split(':')[0]), `USER ${users[0]} is root`);
    // USER comes after the last RUN, so no step of the image runs as root by accident and the
    // user exists when USER names it.
    const idx = (k) => last.map((i) => i.keyword).lastIndexOf(k);
    assert.ok(idx('USER') > idx('RUN'));
    assert.ok(idx('VOLUME') > idx('RUN'), 'VOLUME after the RUN that sets /data up (later changes are lost)');
  });

  test('.dockerignore keeps the host build tree, node_modules and .git out of the context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const p of ['build', '.git', '**/node_modules']) assert.ok(ignored.includes(p), `.dockerignore lacks ${p}`);
    // Nothing the Dockerfile copies by name is ignored.
    for (const p of ignored) {
      assert.ok(!/^(docker|fixtures|server|storage|tests|CMakeLists\.txt)(\/|$)/.test(p), `.dockerignore drops ${p}`);
    }
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
    const run = (port) => {
      const [file, ...args] = cmd();
      return spawnSync(file, args, { env: { PATH: process.env.PATH, SOCIALITE_PORT: String(port) }, encoding: 'utf8', timeout: 5000 });
    };

    before(async () => {
      srv = await startServer();
    });
    after(async () => {
      await srv?.dispose();
    });

    test('asks GET /_socialite/health with bash alone (no curl in the image)', () => {
      const [file] = cmd();
      assert.equal(file, 'bash');
      assert.ok(cmd().join(' ').includes('/_socialite/health'));
      assert.ok(!packageList('docker/runtime-packages.txt').includes('curl'));
    });

    test('passes against a ready server on SOCIALITE_PORT', () => {
      const res = run(srv.port);
      assert.equal(res.status, 0, `healthcheck failed: ${res.stderr}`);
    });

    test('fails when nothing listens', async () => {
      const res = run(await freePort());
      assert.notEqual(res.status, 0);
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
      assert.match(text, /^\s*- "4576:4576"$/m);
      assert.match(text, /^\s*- socialite-data:\/data$/m);
      assert.match(text, /^ {2}socialite:$/m);
      assertDocumented(text.match(/\bSOCIALITE_[A-Z0-9_]+/g) ?? [], file);
    });
  }

  test('docker-compose.yml wires Socialite to LocalStack SNS and S3', () => {
    const text = read('docker/docker-compose.yml');
    assert.match(text, /^\s*image:\s*localstack\/localstack:3\s*$/m);
    assert.match(text, /^\s*SERVICES:\s*sns,sqs,s3\s*$/m);
    assert.match(text, /^\s*- \.\/localstack-init:\/etc\/localstack\/init\/ready\.d(:ro)?$/m);
    assert.match(text, /condition:\s*service_healthy/);
    const env = composeEnvironment(text);
    assert.equal(env.SOCIALITE_SNS_ENDPOINT, 'http://localstack:4566');
    assert.equal(env.SOCIALITE_S3_ENDPOINT, 'http://localstack:4566');
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

  test('docker compose config accepts both files (only where Docker Compose runs)', (t) => {
    const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) return t.skip('no docker compose on this machine');
    for (const file of COMPOSE) {
      const res = spawnSync('docker', ['compose', '-f', repo(file), 'config', '--quiet'], { encoding: 'utf8' });
      assert.equal(res.status, 0, `${file}: ${res.stderr}`);
    }
  });
});
