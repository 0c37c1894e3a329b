package tftrain.cli;

import picocli.CommandLine.IVersionProvider;
import tftrain.runtime.TensorFlowRuntime;

/** Reads the versions that the build wrote into {@code tftrain.properties}. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "tftrain " + TensorFlowRuntime.tftrainVersion(),
      "TensorFlow Java " + TensorFlowRuntime.buildProperty("tensorflow.version")
          + " (native " + TensorFlowRuntime.buildProperty("native.classifier") + ")",
      "Java " + Runtime.version()
    };
  }
}
