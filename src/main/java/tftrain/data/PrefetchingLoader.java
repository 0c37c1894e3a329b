package tftrain.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decodes the next batches on a background thread while the caller trains on the current one, so the
 * step does not wait for JPEG decoding. Iterate it, close every batch it hands out, and close the loader
 * (also when stopping early: it drains and frees what was decoded ahead).
 */
public final class PrefetchingLoader implements Iterator<DecodedBatch>, AutoCloseable {

  /** What the queue carries: a batch, the end of the epoch, or the decoder's failure. */
  private record Item(DecodedBatch batch, RuntimeException failure, boolean end) {}

  private final BlockingQueue<Item> queue;
  private final Thread worker;
  private volatile boolean closed;
  private Item next;

  /**
   * @param depth how many decoded batches may wait ahead of the consumer
   *     (memory: depth × batch size × S² × 12 bytes)
   */
  public PrefetchingLoader(BatchDecoder decoder, List<PlannedBatch> batches, boolean augment, int depth) {
    this(decoder, batches, augment, depth, false);
  }

  /**
   * @param keepEmptyBatches hand out an empty batch for a planned batch none of whose files decoded,
   *     instead of skipping it (multi-worker steps must all run)
   */
  public PrefetchingLoader(
      BatchDecoder decoder, List<PlannedBatch> batches, boolean augment, int depth, boolean keepEmptyBatches) {
    queue = new ArrayBlockingQueue<>(Math.max(1, depth));
    worker = new Thread(() -> produce(decoder, batches, augment, keepEmptyBatches), "batch-prefetch");
    worker.setDaemon(true);
    worker.start();
  }

  private void produce(BatchDecoder decoder, List<PlannedBatch> batches, boolean augment, boolean keepEmptyBatches) {
    try {
      Item last;
      try {
        for (PlannedBatch planned : batches) {
          if (closed) {
            return;
          }
          DecodedBatch batch = decoder.decode(planned, augment);
          if (batch == null && keepEmptyBatches) {
            batch = decoder.emptyBatch();
          }
          if (batch != null) {
            put(new Item(batch, null, false));
          }
        }
        last = new Item(null, null, true);
      } catch (RuntimeException e) {
        last = new Item(null, e, true);
      }
      put(last);
    } catch (InterruptedException e) {
      // close() interrupted us: the consumer is gone.
      Thread.currentThread().interrupt();
    }
  }

  private void put(Item item) throws InterruptedException {
    if (closed) {
      if (item.batch() != null) {
        item.batch().close();
      }
      return;
    }
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      if (item.batch() != null) {
        item.batch().close();
      }
      throw e;
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the next batch", e);
      }
    }
    if (next.failure() != null) {
      throw next.failure();
    }
    return !next.end();
  }

  @Override
  public DecodedBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    DecodedBatch batch = next.batch();
    next = null;
    return batch;
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (next != null && next.batch() != null) {
      next.batch().close();
    }
    Item left;
    while ((left = queue.poll()) != null) {
      if (left.batch() != null) {
        left.batch().close();
      }
    }
  }
}
