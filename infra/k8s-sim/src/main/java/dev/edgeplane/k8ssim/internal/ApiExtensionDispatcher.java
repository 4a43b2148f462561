package dev.edgeplane.k8ssim.internal;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock server's mixed dispatcher plus the pod subresources a scheduler and a descheduler need,
 * {@code binding} and {@code eviction}, and the API discovery documents kubectl reads. The CRUD
 * dispatcher alone responds to both subresources with 409 and to discovery with stored objects.
 *
 * <p>Each extension call reads and writes the store in several steps, so the calls run one at a
 * time under a lock. Writes still carry their resourceVersion, so a concurrent plain update through
 * HTTP makes a step fail with 409, and the extension call retries with fresh state.
 */
public final class ApiExtensionDispatcher extends KubernetesMixedDispatcher {

  private static final Pattern POD_BINDING = Pattern.compile(
      "^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/binding(\\?.*)?$");
  private static final Pattern NAMESPACE_BINDINGS = Pattern.compile(
      "^/api/v1/namespaces/([^/]+)/bindings(\\?.*)?$");
  private static final Pattern POD_EVICTION = Pattern.compile(
      "^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(\\?.*)?$");

  private final ReentrantLock lock = new ReentrantLock();
  private final PodBinder binder;
  private final PodEvictor evictor;
  private final DiscoveryResponder discovery;

  public ApiExtensionDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
    super(responses);
    StoreAccess store = new StoreAccess(super::dispatch);
    this.binder = new PodBinder(store);
    this.evictor = new PodEvictor(store);
    this.discovery = new DiscoveryResponder(new DiscoveryCatalog(store));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if ("GET".equals(request.getMethod())) {
      return discovery.maybeRespond(request.getPath(), request.getHeader("Accept"), request.getHeader("Host"))
          .orElseGet(() -> super.dispatch(request));
    }
    if (!"POST".equals(request.getMethod())) {
      return super.dispatch(request);
    }
    String path = request.getPath();

    Matcher binding = POD_BINDING.matcher(path);
    if (binding.matches()) {
      return locked(() -> binder.bind(binding.group(1), binding.group(2), request.getUtf8Body()));
    }
    Matcher bindings = NAMESPACE_BINDINGS.matcher(path);
    if (bindings.matches()) {
      return locked(() -> binder.bind(bindings.group(1), null, request.getUtf8Body()));
    }
    Matcher eviction = POD_EVICTION.matcher(path);
    if (eviction.matches()) {
      return locked(() -> evictor.evict(eviction.group(1), eviction.group(2)));
    }
    return super.dispatch(request);
  }

  private MockResponse locked(java.util.function.Supplier<MockResponse> call) {
    lock.lock();
    try {
      return call.get();
    } finally {
      lock.unlock();
    }
  }
}
