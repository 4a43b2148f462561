package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.event.deadletter.FailedStage;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor thread's loop: poll decisions, handle each, run the due follow-ups, make the audit
 * records and dead letters durable, and only then commit the offsets of the handled records. A
 * record whose handling fails in a way a retry may cure is read again after a pause of its
 * partition; other failures dead-letter it after {@value #MAX_ATTEMPTS} attempts.
 */
public final class ExecutorLoop implements Runnable {

  static final int MAX_ATTEMPTS = 5;
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(ExecutorLoop.class);

  private final Consumer<byte[], byte[]> consumer;
  private final DecisionReader reader;
  private final DecisionProcessor processor;
  private final AuditSink audits;
  private final DeadLetterWriter deadLetters;
  private final ExecutorMetrics metrics;
  private final Duration pollTimeout;
  private final Duration retryPause;
  private final Clock clock;
  private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
  private final Map<TopicPartition, Integer> failedAttempts = new HashMap<>();
  private volatile boolean running = true;
  private volatile Throwable failure;

  public ExecutorLoop(Consumer<byte[], byte[]> consumer, DecisionReader reader, DecisionProcessor processor,
      AuditSink audits, DeadLetterWriter deadLetters, ExecutorMetrics metrics, Duration pollTimeout,
      Duration retryPause, Clock clock) {
    this.consumer = consumer;
    this.reader = reader;
    this.processor = processor;
    this.audits = audits;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.pollTimeout = pollTimeout;
    this.retryPause = retryPause;
    this.clock = clock;
  }

  /** Runs until {@link #stop()} or a fatal failure, then closes the consumer, which this thread owns. */
  @Override
  public void run() {
    try {
      loop();
    } finally {
      consumer.close();
    }
  }

  private void loop() {
    while (running) {
      Timer.Sample sample = Timer.start();
      try {
        runOnce();
      } catch (WakeupException e) {
        if (running) {
          log.debug("Consumer woken up while running; going on");
        }
      } catch (KafkaException e) {
        // Audit records or dead letters are not durable, so committing would lose them.
        failure = e;
        running = false;
        log.error("The executor stops: {}. Restart it; it reads its audit records back and resumes", e.getMessage(), e);
      } finally {
        sample.stop(metrics.loopTimer());
      }
    }
  }

  /** Asks the loop to stop after the current iteration; returns at once. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  public boolean isRunning() {
    return running;
  }

  /** Returns the failure that stopped the loop, or null. */
  public Throwable failure() {
    return failure;
  }

  private void runOnce() {
    resumeDuePartitions();
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
    Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        if (!handleOrPause(partition, record)) {
          break;
        }
        handled.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }

    processor.runDue(clock.instant());
    audits.flush();
    deadLetters.flush();
    if (!handled.isEmpty()) {
      consumer.commitSync(handled);
    }
  }

  /** Handles one record; returns false when it failed and its partition was paused to retry it. */
  private boolean handleOrPause(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
    Instant now = clock.instant();
    try {
      DecisionReader.Result result = reader.read(record);
      if (result.rejection() != null) {
        deadLetters.write(record, result.rejection(), now);
      } else {
        RescheduleDecision decision = result.decision();
        processor.handle(decision, now);
      }
      failedAttempts.remove(partition);
      return true;
    } catch (KafkaException | KubernetesClientException e) {
      failedAttempts.merge(partition, 1, Integer::sum);
      pause(partition, record, e, now);
      return false;
    } catch (RuntimeException e) {
      int attempts = failedAttempts.merge(partition, 1, Integer::sum);
      if (attempts >= MAX_ATTEMPTS) {
        log.error("Handling the decision at topic {} partition {} offset {} failed {} times; sending it to the"
            + " dead-letter topic", record.topic(), record.partition(), record.offset(), attempts, e);
        deadLetters.write(record, new DecisionReader.Rejection(FailedStage.PROCESSING, e), now);
        failedAttempts.remove(partition);
        return true;
      }
      pause(partition, record, e, now);
      return false;
    }
  }

  private void pause(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, RuntimeException e,
      Instant now) {
    int attempts = failedAttempts.getOrDefault(partition, 1);
    long pauseMillis = Math.min(MAX_PAUSE.toMillis(), retryPause.toMillis() << Math.min(attempts - 1, 10));
    consumer.seek(partition, record.offset());
    consumer.pause(List.of(partition));
    pausedUntil.put(partition, now.plusMillis(pauseMillis));
    metrics.loopFailure(e.getClass().getSimpleName());
    log.warn("Handling the decision at topic {} partition {} offset {} failed; retrying in {} ms: {}",
        record.topic(), record.partition(), record.offset(), pauseMillis, e.toString());
  }

  private void resumeDuePartitions() {
    Instant now = clock.instant();
    var due = pausedUntil.entrySet().stream().filter(e -> !e.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
    due.forEach(pausedUntil::remove);
    // A partition may have been revoked while paused; resume only the ones still assigned.
    var assigned = due.stream().filter(consumer.assignment()::contains).toList();
    if (!assigned.isEmpty()) {
      consumer.resume(assigned);
    }
  }
}
