package dev.edgeplane.scheduler.executor.internal;

import dev.edgeplane.event.deadletter.FailedStage;
import dev.edgeplane.event.decision.RescheduleDecision;
import dev.edgeplane.schemas.serde.SpecificAvroDeserializer;
import dev.edgeplane.schemas.serde.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a decision record and checks the rules the schema states but cannot enforce. A record that
 * breaks them is invalid input, returned as a {@link Rejection} for the dead-letter topic; a
 * failure that a retry may cure, such as an unreachable schema registry, is thrown.
 */
public final class DecisionReader {

  /** A decision or the reason it was rejected; exactly one of the two is set. */
  public record Result(RescheduleDecision decision, Rejection rejection) {
  }

  /**
   * The reason a record was rejected.
   *
   * @param stage the stage that rejected it
   * @param error the exception that describes it
   */
  public record Rejection(FailedStage stage, Exception error) {
  }

  /** A decision that breaks a rule of the schema. */
  static final class InvalidDecisionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidDecisionException(String message) {
      super(message);
    }
  }

  private final SpecificAvroDeserializer<RescheduleDecision> deserializer;

  public DecisionReader(SpecificAvroDeserializer<RescheduleDecision> deserializer) {
    this.deserializer = deserializer;
  }

  /**
   * Reads one record.
   *
   * @throws org.apache.kafka.common.KafkaException other than {@link WireFormatException} when the
   *     value cannot be read now but a retry may read it
   */
  public Result read(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return rejected(FailedStage.VALIDATION, new InvalidDecisionException("Decision record at " + position(record)
          + " has no value; the decisions topic takes no tombstones"));
    }
    RescheduleDecision decision;
    try {
      decision = deserializer.deserialize(record.topic(), record.value());
    } catch (WireFormatException e) {
      return rejected(FailedStage.DESERIALIZATION, e.atPosition(record.partition(), record.offset()));
    }

    List<String> problems = problems(decision, record.key());
    if (!problems.isEmpty()) {
      return rejected(FailedStage.VALIDATION, new InvalidDecisionException("Decision record at " + position(record)
          + " is invalid: " + String.join("; ", problems) + ". Fix the producer; the executor does not act on it"));
    }
    return new Result(decision, null);
  }

  static List<String> problems(RescheduleDecision decision, byte[] key) {
    List<String> problems = new ArrayList<>();
    requireText(problems, "decisionId", decision.getDecisionId());
    requireText(problems, "namespace", decision.getNamespace());
    requireText(problems, "pod", decision.getPod());
    requireText(problems, "podUid", decision.getPodUid());
    requireText(problems, "fogService", decision.getFogService());
    requireText(problems, "fromNode", decision.getFromNode());
    if (key != null && problems.isEmpty()) {
      String expected = decision.getNamespace() + "/" + decision.getPod();
      String actual = new String(key, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        problems.add("the record key is '" + actual + "' but the decision is about pod '" + expected + "'");
      }
    }
    return problems;
  }

  private static void requireText(List<String> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(field + " is empty");
    }
  }

  private static Result rejected(FailedStage stage, Exception error) {
    return new Result(null, new Rejection(stage, error));
  }

  private static String position(ConsumerRecord<?, ?> record) {
    return "topic " + record.topic() + " partition " + record.partition() + " offset " + record.offset();
  }
}
