package tftrain.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tftrain.BadInputException;

/**
 * The workers of a data-parallel run and which one this process is: from {@code --cluster host:port,…
 * --task N} or from the {@code TF_CONFIG} environment variable that Kubeflow's TFJob sets for each pod.
 * Task 0 is the chief: the one that writes the run folder and leads TensorFlow's collectives.
 *
 * @param workers every worker's {@code host:port}, in task order; the same list on every worker
 * @param task this process's index into {@code workers}
 */
public record ClusterSpec(List<String> workers, int task) {

  /** The TensorFlow job name of every task: TF_CONFIG's "worker", also for {@code --cluster}. */
  public static final String JOB = "worker";
  /** The environment variable TensorFlow's distribution strategies (and Kubeflow) use. */
  public static final String TF_CONFIG = "TF_CONFIG";

  public ClusterSpec {
    workers = List.copyOf(workers);
    if (workers.size() < 2) {
      throw new BadInputException("a cluster needs at least 2 workers, got " + workers.size());
    }
    Set<String> seen = new HashSet<>();
    java.util.Map<String, String> byEndpoint = new java.util.HashMap<>();
    for (String worker : workers) {
      checkAddress(worker);
      if (!seen.add(worker)) {
        throw new BadInputException("worker " + worker + " appears twice in the cluster");
      }
      String other = byEndpoint.putIfAbsent(endpoint(worker), worker);
      if (other != null) {
        // Both names reach one server: the second worker's server could never start, and the others would
        // wait the whole start-up timeout for it.
        throw new BadInputException("workers " + other + " and " + worker + " are the same address (one machine, one"
            + " port); give each worker its own port");
      }
    }
    if (task < 0 || task >= workers.size()) {
      throw new BadInputException(
          "task must be between 0 and " + (workers.size() - 1) + " for " + workers.size() + " workers, got " + task);
    }
  }

  /** From {@code --cluster} (comma-separated {@code host:port}) and {@code --task}. */
  public static ClusterSpec parse(String cluster, Integer task) {
    if (cluster == null || cluster.isBlank()) {
      throw new BadInputException("--cluster needs host:port of every worker, e.g. --cluster a:2222,b:2222");
    }
    if (task == null) {
      throw new BadInputException("--cluster needs --task N: this worker's index in the list (0 is the chief)");
    }
    List<String> workers = new ArrayList<>();
    for (String part : cluster.split(",", -1)) {
      workers.add(part.strip());
    }
    return new ClusterSpec(workers, task);
  }

  /**
   * From the JSON of {@code TF_CONFIG}: {@code {"cluster":{"worker":[…]},"task":{"type":"worker","index":N}}}.
   * A "chief" job (TFJob's optional separate chief) is accepted as task 0 ahead of the workers.
   *
   * @return the cluster, or null when it names this one process only (a 1-replica TFJob): no cluster needed
   */
  public static ClusterSpec fromTfConfig(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new BadInputException(TF_CONFIG + " is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException(TF_CONFIG + " must be a JSON object with \"cluster\" and \"task\"");
    }
    JsonNode cluster = root.path("cluster");
    if (!cluster.isObject()) {
      throw new BadInputException(TF_CONFIG + " has no \"cluster\" object");
    }
    List<String> chiefs = addresses(cluster, "chief");
    if (chiefs.size() > 1) {
      throw new BadInputException(TF_CONFIG + " lists " + chiefs.size() + " chiefs; at most one is allowed");
    }
    List<String> workers = new ArrayList<>(chiefs);
    workers.addAll(addresses(cluster, JOB));
    var others = new ArrayList<String>();
    cluster.fieldNames().forEachRemaining(name -> {
      if (!name.equals(JOB) && !name.equals("chief")) {
        others.add(name);
      }
    });
    if (!others.isEmpty()) {
      throw new BadInputException(
          TF_CONFIG + " has job(s) " + others
              + "; tftrain trains with workers only (no parameter servers or evaluators)");
    }
    JsonNode taskNode = root.path("task");
    String type = taskNode.path("type").asText("");
    JsonNode index = taskNode.path("index");
    if (!type.equals(JOB) && !type.equals("chief")) {
      throw new BadInputException(TF_CONFIG + " task type must be \"worker\" (or \"chief\"), got \"" + type + "\"");
    }
    if (!index.canConvertToInt() || !index.isIntegralNumber()) {
      throw new BadInputException(TF_CONFIG + " needs an integer task index");
    }
    int task = type.equals("chief") ? index.asInt() : chiefs.size() + index.asInt();
    if (type.equals("chief") && (chiefs.isEmpty() || index.asInt() != 0)) {
      throw new BadInputException(TF_CONFIG + " task is chief " + index.asInt() + " but the cluster has "
          + chiefs.size() + " chief(s)");
    }
    if (workers.size() == 1 && task == 0) {
      return null; // a 1-replica TFJob: the one process trains alone, with nobody to wait for
    }
    return new ClusterSpec(workers, task);
  }

  private static List<String> addresses(JsonNode cluster, String job) {
    JsonNode list = cluster.path(job);
    if (list.isMissingNode()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new BadInputException(TF_CONFIG + " cluster." + job + " must be a list of \"host:port\"");
    }
    List<String> addresses = new ArrayList<>();
    for (JsonNode address : list) {
      if (!address.isTextual()) {
        throw new BadInputException(TF_CONFIG + " cluster." + job + " must be a list of \"host:port\", got " + address);
      }
      addresses.add(address.asText().strip());
    }
    return addresses;
  }

  /**
   * Where {@code worker} really listens, for spotting two names of one server: every loopback name
   * (localhost, 127.0.0.1, ::1) is this machine; other names resolve to their address, or stay as written
   * when they do not resolve here.
   */
  private static String endpoint(String worker) {
    int colon = worker.lastIndexOf(':');
    String host = worker.substring(0, colon).replace("[", "").replace("]", "");
    String port = worker.substring(colon + 1);
    try {
      java.net.InetAddress address = java.net.InetAddress.getByName(host);
      return (address.isLoopbackAddress() ? "loopback" : address.getHostAddress()) + ":" + port;
    } catch (java.net.UnknownHostException | SecurityException unresolved) {
      return host + ":" + port;
    }
  }

  private static void checkAddress(String worker) {
    int colon = worker.lastIndexOf(':');
    if (worker.isEmpty() || colon <= 0 || colon == worker.length() - 1) {
      throw new BadInputException("worker address must be host:port, got \"" + worker + "\"");
    }
    String port = worker.substring(colon + 1);
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new BadInputException("worker address " + worker + " has no numeric port");
    }
    if (number < 1 || number > 65535) {
      throw new BadInputException("worker address " + worker + " has port " + number + ", outside 1–65535");
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.strip().lines().findFirst().orElse("");
  }

  /** Number of workers. */
  public int size() {
    return workers.size();
  }

  /** True for task 0, which writes the run folder. */
  public boolean isChief() {
    return task == 0;
  }

  /** This worker's {@code host:port}. */
  public String address() {
    return workers.get(task);
  }

  /** The port this worker's server listens on. */
  public int port() {
    return port(task);
  }

  /** The port of a task's server. */
  public int port(int anyTask) {
    String worker = workers.get(anyTask);
    return Integer.parseInt(worker.substring(worker.lastIndexOf(':') + 1));
  }

  /** The host of a task's server. */
  public String host(int anyTask) {
    String worker = workers.get(anyTask);
    String host = worker.substring(0, worker.lastIndexOf(':'));
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** A task's full TensorFlow name, e.g. {@code /job:worker/replica:0/task:1}. */
  public static String taskName(int anyTask) {
    return "/job:" + JOB + "/replica:0/task:" + anyTask;
  }

  /** This worker's CPU, where its ops run. */
  public String device() {
    return taskName(task) + "/device:CPU:0";
  }

  /** The target of this worker's server, for sessions in this process. */
  public String target() {
    return "grpc://" + address();
  }
}
