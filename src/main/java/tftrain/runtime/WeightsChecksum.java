package tftrain.runtime;

import java.util.List;
import java.util.zip.CRC32;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** A CRC-32 over variables' raw bytes, in order: equal for sessions that hold the same bits. */
public final class WeightsChecksum {

  private WeightsChecksum() {}

  /** Fetches one variable at a time, so at most one copy of a layer is in Java memory. */
  public static long of(Session session, List<? extends Operand<TFloat32>> variables) {
    CRC32 crc = new CRC32();
    for (Operand<TFloat32> variable : variables) {
      try (Result result = session.runner().fetch(variable).run()) {
        TFloat32 value = (TFloat32) result.get(0);
        byte[] bytes = new byte[(int) value.asRawTensor().data().size()];
        value.asRawTensor().data().read(bytes);
        crc.update(bytes);
      }
    }
    return crc.getValue();
  }
}
