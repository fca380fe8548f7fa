package dev.meshkit.avrooracle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Reads one JSON object per line on stdin and prints Apache Avro's compatibility verdict for it,
 * one JSON object per line on stdout, in input order.
 *
 * <p>Pair request: {"id", "reader", "writer"}. Level request: {"id", "level", "existing":
 * [oldest..newest], "candidate"}, evaluated as Confluent Schema Registry's CompatibilityChecker
 * does. A bad line yields {"id", "compatible": false, "incompatibilities": [], "error",
 * "errorKind"}; the stream goes on.
 */
public final class AvroOracle {
  /**
   * Reads request lines of any depth; Avro's own parser keeps Jackson's default limits, so a
   * schema nested deeper than those is Avro's to refuse, not ours.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(1_000_000)
                      .maxStringLength(Integer.MAX_VALUE)
                      .build())
              .streamWriteConstraints(
                  StreamWriteConstraints.builder().maxNestingDepth(1_000_000).build())
              .build());

  /** Deeply nested schemas recurse in Avro's parser and checker: give them room. */
  private static final long STACK_BYTES = 512L * 1024 * 1024;

  private AvroOracle() {}

  public static void main(String[] args) throws InterruptedException {
    Thread worker =
        new Thread(
            null,
            () -> {
              try {
                run();
              } catch (IOException e) {
                System.err.println("avro-oracle: cannot read stdin or write stdout: " + e);
                System.exit(3);
              }
            },
            "avro-oracle",
            STACK_BYTES);
    worker.start();
    worker.join();
  }

  private static void run() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
    String line;
    long lineNo = 0;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      out.println(JSON.writeValueAsString(handle(line, lineNo)));
      // Flush whenever the caller has nothing more queued, so interactive use sees each answer.
      if (!in.ready()) {
        out.flush();
      }
    }
    out.flush();
  }

  static ObjectNode handle(String line, long lineNo) {
    ObjectNode result = JSON.createObjectNode();
    JsonNode request;
    try {
      request = JSON.readTree(line);
    } catch (IOException e) {
      result.putNull("id");
      return fail(
          result, "request", "stdin line " + lineNo + " is not JSON: " + firstLine(e.getMessage()));
    }
    if (request == null || !request.isObject()) {
      result.putNull("id");
      return fail(result, "request", "stdin line " + lineNo + " must be a JSON object");
    }
    result.set("id", request.has("id") ? request.get("id") : JSON.nullNode());
    try {
      if (request.has("level")) {
        return checkLevel(request, result);
      }
      return checkPair(request, result);
    } catch (BadRequest e) {
      return fail(result, e.kind, e.getMessage());
    } catch (StackOverflowError e) {
      return fail(result, "check", "schema too deeply nested for the oracle's stack");
    } catch (RuntimeException e) {
      // Avro itself throws here, e.g. when a reader field's aliases match two writer fields.
      // Confluent Schema Registry reports such a pair as incompatible.
      return fail(
          result,
          "check",
          "Avro failed: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
    }
  }

  private static ObjectNode checkPair(JsonNode request, ObjectNode result) throws BadRequest {
    Schema reader = field(request, "reader");
    Schema writer = field(request, "writer");
    List<Incompatibility> found = compare(reader, writer);
    result.put("compatible", found.isEmpty());
    ArrayNode list = result.putArray("incompatibilities");
    for (Incompatibility i : found) {
      list.add(describe(i));
    }
    return result;
  }

  /**
   * Mirrors io.confluent.kafka.schemaregistry.CompatibilityChecker: existing versions are tried
   * newest first; the plain levels look at the newest only; the transitive levels stop at the first
   * version that fails; FULL reports the forward direction, then the backward one.
   */
  private static ObjectNode checkLevel(JsonNode request, ObjectNode result) throws BadRequest {
    String level = request.get("level").asText();
    boolean backward;
    boolean forward;
    boolean transitive = level.endsWith("_TRANSITIVE");
    switch (level) {
      case "NONE" -> {
        backward = false;
        forward = false;
      }
      case "BACKWARD", "BACKWARD_TRANSITIVE" -> {
        backward = true;
        forward = false;
      }
      case "FORWARD", "FORWARD_TRANSITIVE" -> {
        backward = false;
        forward = true;
      }
      case "FULL", "FULL_TRANSITIVE" -> {
        backward = true;
        forward = true;
      }
      default -> throw new BadRequest(
          "request",
          "\"level\" must be one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, "
              + "FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE; got \""
              + level
              + "\"");
    }
    JsonNode existingNode = request.get("existing");
    if (existingNode == null || !existingNode.isArray()) {
      throw new BadRequest("request", "\"existing\" must be an array of schemas, oldest first");
    }
    Schema candidate = field(request, "candidate");
    List<Schema> existing = new ArrayList<>();
    for (int i = 0; i < existingNode.size(); i++) {
      existing.add(parse(existingNode.get(i), "existing[" + i + "]"));
    }

    ArrayNode list = JSON.createArrayNode();
    if (backward || forward) {
      for (int v = existing.size() - 1; v >= 0; v--) {
        Schema old = existing.get(v);
        if (forward) {
          levelCheck(old, candidate, v, "forward", list);
        }
        if (backward) {
          levelCheck(candidate, old, v, "backward", list);
        }
        if (!transitive || !list.isEmpty()) {
          break;
        }
      }
    }
    result.put("compatible", list.isEmpty());
    result.set("incompatibilities", list);
    return result;
  }

  /**
   * One check of a level. Where Avro throws (a reader field whose aliases match two writer
   * fields), Confluent's AvroSchema.isBackwardCompatible reports "Unexpected exception during
   * compatibility check", which fails the level: shown here as an entry of type EXCEPTION.
   */
  private static void levelCheck(
      Schema reader, Schema writer, int version, String direction, ArrayNode list) {
    try {
      for (Incompatibility i : compare(reader, writer)) {
        list.add(describe(i).put("version", version).put("direction", direction));
      }
    } catch (RuntimeException e) {
      ObjectNode node = JSON.createObjectNode();
      node.put("type", "EXCEPTION");
      node.put("location", "/");
      node.put(
          "message", "Unexpected exception during compatibility check: " + firstLine(e.getMessage()));
      list.add(node.put("version", version).put("direction", direction));
    }
  }

  private static List<Incompatibility> compare(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
        .getResult()
        .getIncompatibilities();
  }

  private static ObjectNode describe(Incompatibility i) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", i.getType().name());
    node.put("location", i.getLocation());
    node.put("message", i.getMessage());
    return node;
  }

  private static Schema field(JsonNode request, String key) throws BadRequest {
    JsonNode node = request.get(key);
    if (node == null) {
      throw new BadRequest("request", "missing \"" + key + "\" (an Avro schema as JSON)");
    }
    return parse(node, key);
  }

  private static Schema parse(JsonNode node, String what) throws BadRequest {
    // A fresh parser per schema: reader and writer must not share named types.
    Schema.Parser parser = new Schema.Parser();
    try {
      return parser.parse(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new BadRequest("request", "\"" + what + "\" cannot be written back as JSON: " + e);
    } catch (StackOverflowError e) {
      throw new BadRequest("parse", "\"" + what + "\" is too deeply nested to parse");
    } catch (RuntimeException e) {
      throw new BadRequest(
          "parse", "\"" + what + "\" is not a valid Avro schema: " + firstLine(e.getMessage()));
    }
  }

  /** kind: "request" (malformed line), "parse" (not valid Avro), "check" (Avro threw). */
  private static ObjectNode fail(ObjectNode result, String kind, String message) {
    result.put("compatible", false);
    result.putArray("incompatibilities");
    result.put("error", message);
    result.put("errorKind", kind);
    return result;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final String kind;

    BadRequest(String kind, String message) {
      super(message);
      this.kind = kind;
    }
  }
}
