package tftrain.distributed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Which workers are gone, found the simple way: TensorFlow reports a failed collective without saying
 * which peer it missed, but a dead worker's server port no longer accepts connections.
 */
public final class PeerProbe {

  private static final int CONNECT_MILLIS = 1000;

  private PeerProbe() {}

  /** The other tasks whose server does not accept a TCP connection now. */
  public static List<Integer> unreachable(ClusterSpec cluster) {
    List<Integer> missing = new ArrayList<>();
    for (int task = 0; task < cluster.size(); task++) {
      if (task == cluster.task()) {
        continue;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(cluster.host(task), cluster.port(task)), CONNECT_MILLIS);
      } catch (IOException e) {
        missing.add(task);
      }
    }
    return missing;
  }

  /** "task 1 (host:port) is not reachable", or that all are, for messages. */
  public static String describeUnreachable(ClusterSpec cluster) {
    List<Integer> missing = unreachable(cluster);
    if (missing.isEmpty()) {
      return "every other worker's port answers";
    }
    List<String> names = new ArrayList<>();
    for (int task : missing) {
      names.add("task " + task + " (" + cluster.workers().get(task) + ")");
    }
    return String.join(", ", names) + (missing.size() == 1 ? " is" : " are") + " not reachable";
  }
}
