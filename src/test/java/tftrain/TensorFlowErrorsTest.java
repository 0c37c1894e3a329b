package tftrain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TensorFlowErrorsTest {

  private static String essence(String message) {
    return TensorFlowErrors.essence(new IllegalArgumentException(message));
  }

  @Test
  void tfDataAndGraphInternalsNeverReachTheMessage() {
    assertEquals("damaged or truncated JPEG data", essence(
        "Error in user-defined function passed to ParallelMapDatasetV2:46 transformation with iterator:"
            + " SingleElementIterator::BatchV2::ParallelMapV2: jpeg::Uncompress failed."
            + " Invalid JPEG data or crop window."));
    assertEquals("image is 80 x 80 pixels, over the limit of 4900 (--max-pixels)", essence(
        "\n{{function_node __inference_decode_12}} Error in user-defined function passed to ParallelMapDatasetV2:3"
            + " transformation with iterator: SingleElementIterator::BatchV2::ParallelMapV2: assertion failed:"
            + " [image is 80 x 80 pixels, over the limit of 4900 (--max-pixels)]\n\t [[{{node AssertThat}}]]"));
    assertEquals("not a JPEG, PNG, GIF or BMP file",
        essence("Unknown image file format. One of JPEG, PNG, GIF, BMP required. [[{{node DecodeImage}}]]"));
    assertEquals("empty file", essence("Input is empty."));
  }

  @Test
  void aCollectiveErrorSaysWhatFailedNotOnlyWhereItWasReported() {
    assertEquals("Collective ops is aborted by: failed to connect to all addresses", essence(
        "From /job:worker/replica:0/task:0:\nCollective ops is aborted by: failed to connect to all addresses\n"
            + "Additional GRPC error information from remote target /job:worker/replica:0/task:1 while calling"
            + " /tensorflow.WorkerService/RecvBuf:\n:{\"created\":\"@1796544720.491957939\"}\n"
            + "The error could be from a previous operation. Restart your program to reset."));
  }

  @Test
  void aPrefixThatEachAbortingWorkerAddedAgainIsSaidOnce() {
    // Three workers: the second to abort wraps the first's "aborted by" error in the same words.
    assertEquals("Collective ops is aborted by: failed to connect to all addresses", essence(
        "From /job:worker/replica:0/task:2:\nCollective ops is aborted by: Collective ops is aborted by:"
            + " failed to connect to all addresses\nThe error could be from a previous operation."));
    assertEquals("Collective ops is aborted by: peer gone",
        essence("Collective ops is aborted by: Collective ops is aborted by: Collective ops is aborted by: peer gone"));
    // Only whole segments: a word that merely ends like the next segment stays.
    assertEquals("lab: b: x", essence("lab: b: x"));
    assertEquals("a: b: a: b", essence("a: b: a: b"));
  }
}
