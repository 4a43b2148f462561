'use strict'

// Checks of the registry's REST API through @kafkajs/confluent-schema-registry: registration,
// look-ups, compatibility enforcement and the Confluent wire format (magic byte 0, 4-byte
// big-endian schema id, Avro binary).

const assert = require('assert').strict
const { SchemaType } = require('@kafkajs/confluent-schema-registry')

const NODE_V1 = {
  type: 'record',
  name: 'NodeMetrics',
  namespace: 'dev.edgeplane.interop',
  fields: [
    { name: 'node', type: 'string' },
    { name: 'cpu', type: 'double' },
  ],
}

// Adds a field with a default: BACKWARD compatible with NODE_V1.
const NODE_V2 = {
  ...NODE_V1,
  fields: [...NODE_V1.fields, { name: 'pods', type: 'int', default: 0 }],
}

// Adds a field without a default: a reader on this schema cannot read NODE_V1 data.
const NODE_INCOMPATIBLE = {
  ...NODE_V1,
  fields: [...NODE_V1.fields, { name: 'zone', type: 'string' }],
}

function avro(schema) {
  return { type: SchemaType.AVRO, schema: JSON.stringify(schema) }
}

const subject = context => `${context.prefix}-node-metrics-value`

module.exports = {
  name: 'registry',
  requires: [],
  checks: [
    {
      name: 'register-new-subject',
      async run(context) {
        // The client first reads /config/{subject}, expects 404, registers, then sets the subject's level.
        const { id } = await context.registry.register(avro(NODE_V1), { subject: subject(context) })
        assert.ok(Number.isInteger(id), `expected an integer id, got ${id}`)
        assert.ok(id > 0, `expected a positive id, got ${id}`)
        context.state.v1 = id
        context.fact(`id.${subject(context)}.1`, id)
      },
    },
    {
      name: 'register-again-same-id',
      async run(context) {
        // Now /config/{subject} returns BACKWARD, which the client compares with its own default.
        const { id } = await context.registry.register(avro(NODE_V1), { subject: subject(context) })
        assert.equal(id, context.state.v1)
      },
    },
    {
      name: 'fetch-schema-by-id',
      async run(context) {
        const fresh = freshClient(context)
        const schema = await fresh.getSchema(context.state.v1)
        assert.equal(schema.name, 'dev.edgeplane.interop.NodeMetrics')
        assert.deepEqual(schema.fields.map(field => field.name), ['node', 'cpu'])
      },
    },
    {
      name: 'lookup-by-version-and-schema',
      async run(context) {
        assert.equal(await context.registry.getLatestSchemaId(subject(context)), context.state.v1)
        assert.equal(await context.registry.getRegistryId(subject(context), 1), context.state.v1)
        assert.equal(await context.registry.getRegistryIdBySchema(subject(context), avro(NODE_V1)), context.state.v1)
      },
    },
    {
      name: 'incompatible-schema-rejected',
      async run(context) {
        await assert.rejects(
          context.registry.register(avro(NODE_INCOMPATIBLE), { subject: subject(context) }),
          error => {
            assert.equal(error.status, 409, `expected HTTP 409, got ${error.status}: ${error.message}`)
            assert.match(error.message, /READER_FIELD_MISSING_DEFAULT_VALUE/)
            return true
          },
        )
      },
    },
    {
      name: 'compatible-evolution-registered',
      async run(context) {
        const { id } = await context.registry.register(avro(NODE_V2), { subject: subject(context) })
        assert.ok(id > context.state.v1, `expected a new id above ${context.state.v1}, got ${id}`)
        context.state.v2 = id
        context.fact(`id.${subject(context)}.2`, id)
        assert.equal(await context.registry.getLatestSchemaId(subject(context)), id)
      },
    },
    {
      name: 'wire-format-round-trip',
      async run(context) {
        const payload = { node: 'edge-7', cpu: 0.42 }
        const encoded = await context.registry.encode(context.state.v1, payload)
        assert.equal(encoded.readUInt8(0), 0, 'magic byte')
        assert.equal(encoded.readInt32BE(1), context.state.v1, 'schema id after the magic byte')
        context.fact('wire.v1.hex', encoded.toString('hex'))

        // A client with an empty cache must fetch the writer schema from the registry by id.
        const decoded = await freshClient(context).decode(encoded)
        assert.deepEqual(plain(decoded), payload)
      },
    },
    {
      name: 'old-data-read-with-new-schema',
      async run(context) {
        const encoded = await context.registry.encode(context.state.v1, { node: 'edge-8', cpu: 0.5 })
        const decoded = await freshClient(context).decode(encoded, { [SchemaType.AVRO]: { readerSchema: NODE_V2 } })
        assert.deepEqual(plain(decoded), { node: 'edge-8', cpu: 0.5, pods: 0 })
      },
    },
  ],
}

// avsc decodes records into instances of a generated class; strict deep equality also compares
// prototypes, so compare the plain field values.
function plain(record) {
  return { ...record }
}

function freshClient(context) {
  const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry')
  return new SchemaRegistry({ host: context.url, retry: { retries: 1, initialRetryTimeInSecs: 0.1 } })
}
