package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * Sessions on a TensorFlow server's target ({@code grpc://host:port}), which TF Java's public
 * constructors cannot make: they always create an in-process session. This class lives in
 * {@code org.tensorflow} only to reach {@link Session}'s package-private constructor that wraps a native
 * session; it is on the classpath (no module), so that works.
 *
 * <p>Such a session does not run the graph's initializers by itself: call {@link Session#initialize()}
 * (or restore a checkpoint) before the first step.
 */
public final class TargetSessions {

  private TargetSessions() {}

  /**
   * Opens a session on {@code graph} executed by the master at {@code target}. When {@code target} is
   * the target of a {@link Server} in this process, TensorFlow calls that master directly, without RPCs.
   */
  public static Session open(Graph graph, String target, ConfigProto config) {
    try (Graph.Reference graphRef = graph.ref();
        PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      TF_SetTarget(options, target);
      BytePointer configBytes = new BytePointer(config.toByteArray());
      TF_SetConfig(options, configBytes, configBytes.capacity(), status);
      status.throwExceptionIfNotOK();
      TF_Session session = TF_Session.newSession(graphRef.nativeHandle(), options, status);
      status.throwExceptionIfNotOK();
      return new Session(graph, session.retainReference());
    }
  }
}
