package dev.edgeplane.registry.internal;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeplane.registry.CompatibilityLevel;

/**
 * The REST resources of the registry, with the paths and JSON shapes of the Confluent Schema
 * Registry API (v1).
 */
public final class RegistryRoutes {

    private final RegistryService service;
    private final ObjectMapper mapper;
    private final RequestBodies bodies;

    public RegistryRoutes(RegistryService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
        this.bodies = new RequestBodies(mapper);
    }

    /**
     * Returns a router over every resource.
     *
     * <p>NOTE: query parameters other than verbose, deleted, permanent and defaultToGlobal are
     * ignored. For example normalize=true adds nothing to the normalization every schema already
     * gets, which is parsing with Avro and storing Avro's JSON form.
     */
    public Router router() {
        return new Router()
                .add("GET", "", request -> ApiResponse.ok(mapper.createObjectNode()))
                .add("GET", "subjects", request -> ApiResponse.ok(service.subjects(request.flag("deleted"))))
                .add("POST", "subjects/{}", this::lookup)
                .add("DELETE", "subjects/{}", request -> ApiResponse.ok(service.deleteSubject(request.param(0), request.flag("permanent"))))
                .add("GET", "subjects/{}/versions", request -> ApiResponse.ok(service.versions(request.param(0), request.flag("deleted"))))
                .add("POST", "subjects/{}/versions", this::register)
                .add("GET", "subjects/{}/versions/{}", request -> ApiResponse.ok(
                        versionJson(service.version(request.param(0), request.param(1), request.flag("deleted")))))
                .add("GET", "subjects/{}/versions/{}/schema", request -> ApiResponse.raw(
                        service.version(request.param(0), request.param(1), request.flag("deleted")).schema()))
                .add("DELETE", "subjects/{}/versions/{}", request -> ApiResponse.ok(
                        service.deleteVersion(request.param(0), request.param(1), request.flag("permanent"))))
                .add("GET", "schemas/ids/{}", request -> ApiResponse.ok(
                        mapper.createObjectNode().put("schema", service.schemaById(schemaId(request.param(0))).canonical())))
                .add("GET", "schemas/ids/{}/schema", request -> ApiResponse.raw(service.schemaById(schemaId(request.param(0))).canonical()))
                .add("GET", "schemas/types", request -> ApiResponse.ok(List.of("AVRO")))
                .add("POST", "compatibility/subjects/{}/versions/{}", request -> compatibility(request, request.param(1)))
                .add("POST", "compatibility/subjects/{}/versions", request -> compatibility(request, null))
                .add("GET", "config", request -> ApiResponse.ok(levelJson("compatibilityLevel", service.globalLevel())))
                .add("PUT", "config", request -> ApiResponse.ok(
                        levelJson("compatibility", service.setLevel(null, bodies.compatibilityLevel(request)))))
                .add("GET", "config/{}", request -> ApiResponse.ok(
                        levelJson("compatibilityLevel", service.subjectLevel(request.param(0), request.flag("defaultToGlobal")))))
                .add("PUT", "config/{}", request -> ApiResponse.ok(
                        levelJson("compatibility", service.setLevel(request.param(0), bodies.compatibilityLevel(request)))))
                .add("DELETE", "config/{}", request -> ApiResponse.ok(
                        levelJson("compatibilityLevel", service.removeSubjectLevel(request.param(0)))));
    }

    private ApiResponse register(ApiRequest request) {
        int id = service.register(request.param(0), bodies.schemaRequest(request));
        return ApiResponse.ok(mapper.createObjectNode().put("id", id));
    }

    private ApiResponse lookup(ApiRequest request) {
        return ApiResponse.ok(versionJson(service.lookup(request.param(0), bodies.schemaRequest(request))));
    }

    private ApiResponse compatibility(ApiRequest request, String version) {
        boolean verbose = request.flag("verbose");
        List<String> messages = service.testCompatibility(request.param(0), version, bodies.schemaRequest(request), verbose);
        ObjectNode body = mapper.createObjectNode().put("is_compatible", messages.isEmpty());
        if (verbose) {
            body.set("messages", mapper.valueToTree(messages));
        }
        return ApiResponse.ok(body);
    }

    private ObjectNode versionJson(RegistryService.RegisteredVersion version) {
        return mapper.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema());
    }

    private ObjectNode levelJson(String field, CompatibilityLevel level) {
        return mapper.createObjectNode().put(field, level.name());
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ApiException(404, ApiErrors.SCHEMA_NOT_FOUND, "Schema " + text + " not found: schema ids are integers.");
        }
    }
}
