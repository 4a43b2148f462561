'use strict'

// Checks that records in the Confluent wire format cross between the Java serdes of the schemas
// module and @kafkajs/confluent-schema-registry in both directions.
//
// Input (--input), written by the Java test SerdeJsInteropTest:
//   { "records": [ { "name": "...", "hex": "00..." } ],   records the Java serializer wrote
//     "schemaIds": { "NodeMetrics": 1, "RescheduleDecision": 2 } }   ids the Java side registered
// Output, as FACT lines:
//   decoded.<name> <json>   a Java record as decoded here, timestamps as ISO-8601 strings
//   encoded.<name> <hex>    a record encoded here for the Java deserializer to read
//
// Avro types need explicit handling in JavaScript:
// - timestamp-millis: avsc reads a plain number unless given a logical type for it. The client
//   here gets one that maps it to a Date, and encoding rejects anything but a Date.
// - enum: avsc reads and writes the symbol as a string and rejects unknown symbols.
// - ["null", T] unions: avsc reads and writes null or the bare value, not a wrapped branch.
// - long: a JavaScript number, exact only up to 2^53 - 1; avsc rejects larger values
//   ("potential precision loss") instead of rounding them.

const assert = require('assert').strict
const fs = require('fs')
const avro = require('avsc')
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry')

/** Maps timestamp-millis to a Date, so that a timestamp cannot pass for any other number. */
class TimestampMillis extends avro.types.LogicalType {
  _fromValue(millis) {
    return new Date(millis)
  }

  _toValue(date) {
    return date instanceof Date ? date.getTime() : undefined
  }

  _resolve(writer) {
    if (avro.Type.isType(writer, 'long', 'logical:timestamp-millis')) {
      return this._fromValue
    }
    return undefined
  }
}

const JS_NODE_METRICS = {
  'node-metrics-js-partial': {
    node: 'edge-market-3',
    eventTime: new Date('2025-06-01T08:00:01.250Z'),
    receiveTime: new Date('2025-06-01T08:00:01.300Z'),
    source: { kind: 'CITY_FEED', id: 'feed-market' },
    cpuUsedCores: 1.5,
    cpuCapacityCores: 2,
    memoryUsedBytes: 3221225472,
    memoryCapacityBytes: 4294967296,
    rtBandwidthUsedCpus: 0.25,
    rtBandwidthLimitCpus: null,
    podCount: 6,
  },
  'node-metrics-js-full': {
    node: 'edge-station-2',
    eventTime: new Date('2025-06-01T08:00:02.000Z'),
    receiveTime: new Date('2025-06-01T08:00:02.045Z'),
    source: { kind: 'SIMULATOR', id: 'sim-1' },
    cpuUsedCores: 0.75,
    cpuCapacityCores: 2,
    memoryUsedBytes: 1073741824,
    memoryCapacityBytes: 4294967296,
    rtBandwidthUsedCpus: 0.5,
    rtBandwidthLimitCpus: 1.9,
    podCount: 4,
  },
}

const JS_DECISIONS = {
  'reschedule-js-better-node': {
    decisionId: 'js-7d1e',
    decidedTime: new Date('2025-06-01T08:05:00.500Z'),
    namespace: 'city',
    pod: 'parking-guide-5c8d-q7r2t',
    podUid: '9e0d7c6b-1a2f-4e3d-8c7b-6a5f4e3d2c1b',
    fogService: 'parking-guide',
    fromNode: 'edge-market-3',
    strategy: 'BETTER_NODE',
    predictedTarget: 'edge-station-2',
    currentScore: 55.5,
    predictedScore: null,
    evidence: [
      {
        metric: 'link.rtt.micros',
        value: 9400,
        threshold: null,
        vantagePoint: 'agent-edge-market-3',
        windowStart: new Date('2025-06-01T08:04:30.000Z'),
        windowEnd: new Date('2025-06-01T08:05:00.000Z'),
      },
    ],
    missingInputs: [],
  },
  'reschedule-js-no-target': {
    decisionId: 'js-8f2a',
    decidedTime: new Date('2025-06-01T08:06:00.000Z'),
    namespace: 'city',
    pod: 'camera-analytics-7f9c-x2k4p',
    podUid: '5b7e0c1a-3d2f-4c7e-9a51-0f6d2b8e4a10',
    fogService: 'camera-analytics',
    fromNode: 'edge-harbor-1',
    strategy: 'DEGRADED_NODE',
    predictedTarget: null,
    currentScore: null,
    predictedScore: null,
    evidence: [],
    missingInputs: ['replica-metrics from camera-analytics-7f9c-m8d2q'],
  },
}

function readInput(context) {
  if (!context.state.input) {
    const input = JSON.parse(fs.readFileSync(context.input, 'utf8'))
    assert.ok(Array.isArray(input.records), `no records array in ${context.input}`)
    assert.ok(input.records.length > 0, `no records in ${context.input}`)
    assert.ok(Number.isInteger(input.schemaIds.NodeMetrics), `no NodeMetrics schema id in ${context.input}`)
    assert.ok(Number.isInteger(input.schemaIds.RescheduleDecision), `no RescheduleDecision schema id in ${context.input}`)
    context.state.input = input
  }
  return context.state.input
}

// A client with an empty cache, so that every writer schema is fetched from the registry by id.
function serdesClient(context) {
  return new SchemaRegistry(
    { host: context.url, retry: { retries: 1, initialRetryTimeInSecs: 0.1 } },
    { [SchemaType.AVRO]: { logicalTypes: { 'timestamp-millis': TimestampMillis } } },
  )
}

/** Asserts that a decoded value has the JavaScript type its Avro type calls for, throughout. */
function assertTypes(type, value, path) {
  if (avro.Type.isType(type, 'logical:timestamp-millis')) {
    assert.ok(value instanceof Date, `${path}: expected a Date for timestamp-millis, got ${typeof value} ${value}`)
  } else if (avro.Type.isType(type, 'union:unwrapped')) {
    const branch = type.types.find(candidate => candidate.isValid(value))
    assert.ok(branch, `${path}: ${JSON.stringify(value)} matches no branch of ${JSON.stringify(type.schema())}`)
    if (branch.typeName !== 'null') assertTypes(branch, value, path)
  } else if (avro.Type.isType(type, 'record')) {
    for (const field of type.fields) assertTypes(field.type, value[field.name], `${path}.${field.name}`)
  } else if (avro.Type.isType(type, 'array')) {
    value.forEach((item, i) => assertTypes(type.itemsType, item, `${path}[${i}]`))
  } else if (avro.Type.isType(type, 'enum')) {
    assert.ok(type.symbols.includes(value), `${path}: ${JSON.stringify(value)} is not a symbol of ${type.name}`)
  }
}

async function encodeAll(context, schemaId, payloads) {
  const client = serdesClient(context)
  for (const [name, payload] of Object.entries(payloads)) {
    const encoded = await client.encode(schemaId, payload)
    assert.equal(encoded.readUInt8(0), 0, `${name}: magic byte`)
    assert.equal(encoded.readInt32BE(1), schemaId, `${name}: schema id`)
    context.fact(`encoded.${name}`, encoded.toString('hex'))
  }
}

module.exports = {
  name: 'serdes',
  requires: ['input'],
  checks: [
    {
      name: 'decode-java-records',
      async run(context) {
        const client = serdesClient(context)
        for (const record of readInput(context).records) {
          const buffer = Buffer.from(record.hex, 'hex')
          const decoded = await client.decode(buffer)
          assertTypes(await client.getSchema(buffer.readInt32BE(1)), decoded, record.name)
          // JSON.stringify writes a Date as its toISOString(), with milliseconds and a Z.
          context.fact(`decoded.${record.name}`, JSON.stringify(decoded))
        }
      },
    },
    {
      name: 'reencode-matches-java-bytes',
      async run(context) {
        // Avro binary encoding has one form per value (these records have no maps), so a faithful
        // decode and encode must give back the Java serializer's bytes exactly.
        const client = serdesClient(context)
        for (const record of readInput(context).records) {
          const buffer = Buffer.from(record.hex, 'hex')
          const decoded = await client.decode(buffer)
          const encoded = await client.encode(buffer.readInt32BE(1), decoded)
          assert.equal(encoded.toString('hex'), record.hex, `${record.name}: bytes differ after decode and encode`)
        }
      },
    },
    {
      name: 'encode-node-metrics',
      async run(context) {
        await encodeAll(context, readInput(context).schemaIds.NodeMetrics, JS_NODE_METRICS)
      },
    },
    {
      name: 'encode-reschedule-decisions',
      async run(context) {
        await encodeAll(context, readInput(context).schemaIds.RescheduleDecision, JS_DECISIONS)
      },
    },
    {
      name: 'encode-rejects-invalid-values',
      async run(context) {
        const client = serdesClient(context)
        const { RescheduleDecision: decisionId, NodeMetrics: metricsId } = readInput(context).schemaIds
        const unknownSymbol = { ...JS_DECISIONS['reschedule-js-no-target'], strategy: 'MOVE_NOW' }
        const numberTimestamp = { ...JS_NODE_METRICS['node-metrics-js-full'], eventTime: 1748764802000 }

        await assert.rejects(client.encode(decisionId, unknownSymbol), error => {
          assert.deepEqual(error.paths, [['strategy']])
          return true
        })
        await assert.rejects(client.encode(metricsId, numberTimestamp), error => {
          assert.deepEqual(error.paths, [['eventTime']])
          return true
        })
      },
    },
  ],
}
