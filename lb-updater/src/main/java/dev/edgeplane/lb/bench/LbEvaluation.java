package dev.edgeplane.lb.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.edgeplane.lb.decide.WeightPlannerConfig;

/**
 * Compares load-balancing policies in a deterministic simulation: round robin, uniform random,
 * least request with two random choices, peak EWMA, and Edgeplane's planner, once with its rendered
 * iptables chains and once with its weights in a proxy that also counts outstanding requests. Each scenario's workload is drawn once from the seed and replayed against every
 * policy.
 *
 * <p>Run it with {@code main} (see {@link #usage()}) or {@link #run}. The round-trip times of the
 * link-latency scenario come from real ping traces when a traces folder is given with
 * {@code --traces DIR} or the {@code EDGEPLANE_TRACES_DIR} environment variable; the files are
 * read in place, never copied.
 */
public final class LbEvaluation {

    /** Environment variable naming the traces folder when {@code --traces} is not given. */
    public static final String TRACES_ENV = "EDGEPLANE_TRACES_DIR";

    private static final List<String> BALANCERS =
            List.of("round-robin", "random", "least-request-p2c", "peak-ewma", "edgeplane", "edgeplane-proxy");

    private LbEvaluation() {
    }

    /**
     * Runs the selected scenarios against every balancer. Blocks until done, a few seconds per
     * scenario at rate factor 1.
     *
     * @param progress receives one line per finished run; the caller owns it
     * @throws IllegalArgumentException if a scenario name is unknown or the traces folder lacks
     *     the ping files
     */
    public static EvaluationReport run(EvaluationSettings settings, PrintWriter progress) {
        List<Scenario> all = ScenarioCatalog.build(settings.traces(), settings.rateFactor());
        List<Scenario> selected = select(all, settings.scenarios());
        WeightPlannerConfig plannerConfig = WeightPlannerConfig.from(settings.plannerSettings());
        String linkSource = all.stream().filter(s -> s.name().equals("links")).findFirst()
                .map(s -> s.links().source()).orElse("none");

        List<RunResult> results = new ArrayList<>();
        for (Scenario scenario : selected) {
            Workload workload = Workload.generate(scenario, settings.seed());
            for (int b = 0; b < BALANCERS.size(); b++) {
                SplittableRandom random = new SplittableRandom(settings.seed() * 1_000_003 + scenario.name().hashCode() * 31L + b);
                Balancer balancer = create(BALANCERS.get(b), scenario, random, plannerConfig, settings);
                long started = System.nanoTime();
                RunResult result = new Simulation(scenario, workload, balancer, settings.windowMs()).run();
                results.add(result);
                progress.printf(Locale.ROOT, "%s/%s: %d requests simulated in %.1f s%n", scenario.name(),
                        balancer.name(), result.requests(), (System.nanoTime() - started) / 1e9);
                progress.flush();
            }
        }
        return new EvaluationReport(settings.seed(), linkSource, results);
    }

    /** Runs the evaluation from the command line, printing the table and then the key=value line. */
    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(usage());
            return;
        }
        EvaluationSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        EvaluationReport report = run(settings, new PrintWriter(System.err, true));
        System.out.print(report.table());
        System.out.println(report.keyValueLine());
    }

    /** Returns the command-line help. */
    public static String usage() {
        return "Usage: LbEvaluation [--traces DIR] [--seed N] [--rate-factor X] [--scenario NAME]...\n"
                + "                    [--window-ms N] [--apply-delay-ms N] [--planner KEY=VALUE]... [--help]\n"
                + "  --traces DIR         folder with 5g-edge-cloud-ping (default: $" + TRACES_ENV
                + ", else constant round-trip times)\n"
                + "  --seed N             seed of every random draw (default 42)\n"
                + "  --rate-factor X      multiplies every request rate (default 1)\n"
                + "  --scenario NAME      slow, failing, links or recovery; repeat to run several (default all)\n"
                + "  --window-ms N        observation window and planning interval in ms (default "
                + EvaluationSettings.DEFAULT_WINDOW_MS + ")\n"
                + "  --apply-delay-ms N   time from planning until rules take effect in ms (default "
                + EvaluationSettings.DEFAULT_APPLY_DELAY_MS + ")\n"
                + "  --planner KEY=VALUE  a planner setting such as lb.weight.floor=0.001; repeatable";
    }

    /**
     * Returns the traces folder named by {@value #TRACES_ENV}, or null when it is unset or blank.
     *
     * @throws IllegalArgumentException if the variable names something that is not a folder
     */
    public static Path tracesFromEnvironment() {
        return tracesFolder(System.getenv(TRACES_ENV));
    }

    static EvaluationSettings parse(String[] args) {
        String tracesText = System.getenv(TRACES_ENV);
        long seed = 42;
        double rateFactor = 1.0;
        Set<String> scenarios = new LinkedHashSet<>();
        Map<String, String> planner = new LinkedHashMap<>();
        long windowMs = EvaluationSettings.DEFAULT_WINDOW_MS;
        long applyDelayMs = EvaluationSettings.DEFAULT_APPLY_DELAY_MS;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--traces" -> tracesText = value;
                case "--seed" -> seed = parseNumber(option, value, Long::parseLong);
                case "--rate-factor" -> rateFactor = parseNumber(option, value, Double::parseDouble);
                case "--scenario" -> scenarios.add(value);
                case "--window-ms" -> windowMs = parseNumber(option, value, Long::parseLong);
                case "--apply-delay-ms" -> applyDelayMs = parseNumber(option, value, Long::parseLong);
                case "--planner" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("Invalid planner setting '" + value + "': use KEY=VALUE");
                    }
                    planner.put(value.substring(0, equals), value.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("Unknown option " + option);
            }
        }
        Path traces = tracesFolder(tracesText);
        return EvaluationSettings.defaults(traces).withSeed(seed).withRateFactor(rateFactor).withScenarios(scenarios)
                .withPlannerSettings(planner).withTiming(windowMs, applyDelayMs);
    }

    private static Path tracesFolder(String tracesText) {
        Path traces = tracesText == null || tracesText.isBlank() ? null : Path.of(tracesText);
        if (traces != null && !Files.isDirectory(traces)) {
            throw new IllegalArgumentException("Traces folder " + traces + " does not exist or is not a folder");
        }
        return traces;
    }

    private static <T> T parseNumber(String option, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid number '" + value + "' for " + option, e);
        }
    }

    /** Returns the named scenarios in catalog order, so the run order does not depend on set order. */
    private static List<Scenario> select(List<Scenario> all, Set<String> names) {
        if (names.isEmpty()) {
            return all;
        }
        for (String name : names) {
            if (all.stream().noneMatch(scenario -> scenario.name().equals(name))) {
                throw new IllegalArgumentException("Unknown scenario '" + name
                        + "'; choose slow, failing, links or recovery");
            }
        }
        return all.stream().filter(scenario -> names.contains(scenario.name())).toList();
    }

    private static Balancer create(String name, Scenario scenario, SplittableRandom random,
            WeightPlannerConfig plannerConfig, EvaluationSettings settings) {
        int clients = scenario.clientNodes().size();
        int replicas = scenario.replicas().size();
        return switch (name) {
            case "round-robin" -> new RoundRobinBalancer(clients);
            case "random" -> new RandomBalancer(random);
            case "least-request-p2c" -> new LeastRequestBalancer(random, clients, replicas);
            case "peak-ewma" -> new PeakEwmaBalancer(random, clients, replicas, settings.peakEwmaDecayMs());
            case "edgeplane" -> new EdgeplaneBalancer(scenario, random, plannerConfig, settings.applyDelayMs(),
                    EdgeplaneBalancer.DataPlane.IPTABLES);
            case "edgeplane-proxy" -> new EdgeplaneBalancer(scenario, random, plannerConfig, settings.applyDelayMs(),
                    EdgeplaneBalancer.DataPlane.PROXY);
            default -> throw new IllegalArgumentException("Unknown balancer " + name);
        };
    }
}
