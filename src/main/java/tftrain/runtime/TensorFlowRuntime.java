package tftrain.runtime;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/** Process-wide TensorFlow set-up: where the native libraries unpack, and which devices exist. */
public final class TensorFlowRuntime {

  private static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";
  private static final Properties BUILD = loadBuildProperties();

  private TensorFlowRuntime() {}

  /** A value the build wrote into {@code tftrain.properties}: version, tensorflow.version, native.classifier. */
  public static String buildProperty(String key) {
    return BUILD.getProperty(key, "unknown");
  }

  /** This build of tftrain's version, as recorded in every model and checkpoint. */
  public static String tftrainVersion() {
    return buildProperty("version");
  }

  /**
   * Points JavaCPP at one shared cache folder per TensorFlow build, so every copy of the jar (each build,
   * each test run) reuses one ~650 MB extraction instead of unpacking again per jar file name. Must run
   * before any TensorFlow class loads; an explicit {@code -Dorg.bytedeco.javacpp.cachedir} wins.
   */
  public static void configureNativeCache() {
    if (System.getProperty(CACHE_DIR_PROPERTY) != null) {
      return;
    }
    String flavour = "javacpp-" + buildProperty("tensorflow.version") + "-" + buildProperty("native.classifier");
    System.setProperty(CACHE_DIR_PROPERTY, userCacheFolder().resolve(flavour).toString());
    System.setProperty(CACHE_DIR_PROPERTY + ".nosubdir", "true");
  }

  /** tftrain's folder in the user's cache: {@code $XDG_CACHE_HOME/tftrain} or {@code ~/.cache/tftrain}. */
  public static Path userCacheFolder() {
    String xdgCache = System.getenv("XDG_CACHE_HOME");
    Path cacheRoot =
        xdgCache != null && !xdgCache.isBlank()
            ? Path.of(xdgCache)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cacheRoot.resolve("tftrain");
  }

  /** The TensorFlow library version, e.g. "2.18.0". */
  public static String tensorFlowVersion() {
    return TensorFlow.version();
  }

  /**
   * The devices TensorFlow sees, as "TYPE name" (e.g. "CPU /job:localhost/replica:0/task:0/device:CPU:0").
   * Uses a throw-away C-API session because the Java Session does not expose its device list.
   */
  public static List<String> listDevices() {
    TF_Status status = TF_NewStatus();
    TF_Graph graph = TF_NewGraph();
    TF_SessionOptions options = TF_NewSessionOptions();
    TF_Session session = TF_NewSession(graph, options, status);
    List<String> devices = new ArrayList<>();
    try {
      status.throwExceptionIfNotOK();
      TF_DeviceList list = TF_SessionListDevices(session, status);
      status.throwExceptionIfNotOK();
      try {
        for (int i = 0; i < TF_DeviceListCount(list); i++) {
          String type = TF_DeviceListType(list, i, status).getString();
          String name = TF_DeviceListName(list, i, status).getString();
          devices.add(type + " " + name);
        }
      } finally {
        TF_DeleteDeviceList(list);
      }
    } finally {
      if (session != null && !session.isNull()) {
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
      }
      TF_DeleteSessionOptions(options);
      TF_DeleteGraph(graph);
      TF_DeleteStatus(status);
    }
    return devices;
  }

  /**
   * "GPU" plus its name when TensorFlow found one (the gpu build on a CUDA host), else "CPU" with its kernel
   * library and why, e.g. "CPU (2 cores), oneDNN on (AVX2-only CPU: measured faster for training)".
   */
  public static String computeDeviceDescription() {
    List<String> devices = listDevices();
    return devices.stream()
        .filter(device -> device.startsWith("GPU "))
        .findFirst()
        .map(device -> "GPU (" + device.substring(4) + ")")
        .orElse("CPU (" + Runtime.getRuntime().availableProcessors() + " cores), "
            + OneDnnChooser.inThisProcess().describe());
  }

  private static Properties loadBuildProperties() {
    Properties properties = new Properties();
    try (InputStream in = TensorFlowRuntime.class.getResourceAsStream("/tftrain.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
