'use strict'

// Runs interoperability checks of Edgeplane against an independent client,
// @kafkajs/confluent-schema-registry, and reports one line per check:
//   PASS <check>            the check succeeded
//   FAIL <check>: <reason>  the check failed
//   FACT <key> <value>      a value the Java side verifies against its own view (such as an id)
// The last line is "interop: N passed, M failed"; the exit code is 0 only if nothing failed.
//
// Usage: node interop.js --registry http://127.0.0.1:8081 [--prefix run-1] [--suites registry,serdes]
//                        [--only name,name] [--input serdes-input.json]
//
// Suites (all by default):
//   registry  the registry's REST API and wire format, driven by the JavaScript client alone.
//   serdes    records written by the Java serializers, and records for the Java deserializers.
//             It needs --input, a file that the Java test writes (see checks/serdes.js).
//
// Each suite in checks/ exports { name, requires, checks }, where checks is a list of
// { name, run(context) }. Checks run in order and may leave values in context.state for later
// checks. To add checks, add a suite file and list it in SUITES.

const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry')

const SUITES = [require('./checks/registry'), require('./checks/serdes')]

function parseArgs(argv) {
  const args = { prefix: `interop-${Date.now()}`, only: null, suites: null, input: null }
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]]
    if (value === undefined) {
      throw new Error(`Option ${name} has no value; see the usage line at the top of interop.js.`)
    }
    if (name === '--registry') args.registry = value
    else if (name === '--prefix') args.prefix = value
    else if (name === '--only') args.only = new Set(value.split(','))
    else if (name === '--suites') args.suites = value.split(',')
    else if (name === '--input') args.input = value
    else throw new Error(`Unknown option ${name}; expected --registry, --prefix, --suites, --only or --input.`)
  }
  if (!args.registry) {
    throw new Error('Missing --registry URL, for example --registry http://127.0.0.1:8081.')
  }
  return args
}

function selectSuites(args) {
  const known = SUITES.map(suite => suite.name)
  const names = args.suites || known
  const unknown = names.filter(name => !known.includes(name))
  if (unknown.length > 0) {
    throw new Error(`Unknown suite ${unknown.join(', ')} in --suites; known suites: ${known.join(', ')}.`)
  }
  const selected = SUITES.filter(suite => names.includes(suite.name))
  for (const suite of selected) {
    for (const option of suite.requires) {
      if (!args[option]) {
        throw new Error(`Suite ${suite.name} needs --${option}; pass it or leave the suite out with --suites.`)
      }
    }
  }
  return selected
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const suites = selectSuites(args)
  const context = {
    url: args.registry,
    prefix: args.prefix,
    input: args.input,
    // Few, short retries: a failure here should show up as a failed check, not a long wait.
    registry: new SchemaRegistry({ host: args.registry, retry: { retries: 1, initialRetryTimeInSecs: 0.1 } }),
    state: {},
    fact: (key, value) => console.log(`FACT ${key} ${value}`),
  }

  let passed = 0
  let failed = 0
  for (const suite of suites) {
    for (const check of suite.checks) {
      if (args.only && !args.only.has(check.name)) continue
      try {
        await check.run(context)
        console.log(`PASS ${check.name}`)
        passed++
      } catch (error) {
        console.log(`FAIL ${check.name}: ${error && error.stack ? error.stack : error}`)
        failed++
      }
    }
  }
  console.log(`interop: ${passed} passed, ${failed} failed`)
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1
}

main().catch(error => {
  console.log(`FAIL setup: ${error && error.message ? error.message : error}`)
  process.exitCode = 2
})
