package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stop request's phases, without signals: "halting" records the exit code instead of ending the JVM. */
class StopSignalTest {

  private final StringWriter lines = new StringWriter();
  private final List<Integer> halts = new ArrayList<>();
  private final StopSignal stop = new StopSignal(new PrintWriter(lines), halts::add);

  private List<String> printed() {
    return lines.toString().lines().toList();
  }

  @Test
  void beforeTheRunFolderIsTouchedARequestEndsAtOnceWithOneLine() {
    stop.request();
    assertEquals(List.of(StopSignal.AT_START_UP), printed());
    assertEquals(List.of(130), halts);
  }

  @Test
  void onceTheFolderIsPreparedARequestUndoesTheStartThenEnds() {
    List<String> undone = new ArrayList<>();
    assertFalse(stop.undoOnRequest(() -> undone.add("undone"), "; nothing of it is left in run"));
    stop.request();
    assertEquals(List.of("undone"), undone);
    assertEquals(List.of(StopSignal.AT_START_UP + "; nothing of it is left in run"), printed());
    assertEquals(List.of(130), halts);
  }

  @Test
  void anUndoThatFailsStillEndsTheProcessAndSaysWhy() {
    stop.undoOnRequest(() -> {
      throw new IllegalStateException("read-only folder");
    }, "; nothing of it is left in run");
    stop.request();
    assertEquals(List.of(StopSignal.AT_START_UP + "; could not undo the start: read-only folder"), printed());
    assertEquals(List.of(130), halts);
  }

  @Test
  void aRequestWhileTheFolderIsPreparedWaitsForItAndTheCommandUndoes() throws Exception {
    String prepared = stop.whilePreparing(() -> {
      stop.request();
      assertEquals(List.of(), halts, "no end half-way through preparing the folder");
      return "prepared";
    });
    assertEquals("prepared", prepared);
    assertTrue(stop.stoppedAtStartUp());
    assertTrue(stop.undoOnRequest(() -> {}, "; nothing of it is left in run"), "the command undoes and ends with 130");
    assertEquals(List.of(StopSignal.AT_START_UP), printed(), "one line, said when the request came");
    assertEquals(List.of(), halts);
  }

  @Test
  void aSecondRequestWhileTheFolderIsPreparedEndsAtOnce() throws Exception {
    stop.whilePreparing(() -> {
      stop.request();
      stop.request();
      return null;
    });
    assertEquals(List.of(StopSignal.AT_START_UP, "Stopped at once."), printed());
    assertEquals(List.of(130), halts);
  }

  @Test
  void onceTrainingHasBegunTheFirstRequestLetsTheStepFinishAndTheSecondEnds() {
    List<String> undone = new ArrayList<>();
    stop.undoOnRequest(() -> undone.add("undone"), "");
    assertFalse(stop.trainingBegins().getAsBoolean());
    stop.request();
    assertTrue(stop.getAsBoolean());
    assertFalse(stop.stoppedAtStartUp());
    assertEquals(List.of(), halts);
    assertEquals(List.of(), undone, "a started run is never undone by a stop");
    assertTrue(printed().get(1).startsWith("Stopping after the current step"), printed().toString());
    stop.request();
    assertEquals(List.of(130), halts);
  }

  @Test
  void aSingleProcessStoppedBeforeItsFirstStepIsUndoneOnTheTrainersThreadAtThatStep() {
    List<String> undone = new ArrayList<>();
    stop.undoOnRequest(() -> undone.add("undone"), "; nothing of it is left in run");
    java.util.function.BooleanSupplier trainerAsks = stop.trainingBeginsAtFirstStep();
    stop.request(); // while the trainer builds its graph and opens its files
    assertEquals(List.of(), undone, "not while the trainer may be writing");
    assertEquals(List.of(), halts);
    trainerAsks.getAsBoolean(); // its first step
    assertEquals(List.of("undone"), undone);
    assertEquals(List.of(130), halts);
    assertEquals(List.of(StopSignal.AT_START_UP + "; nothing of it is left in run"), printed());
  }

  @Test
  void aSingleProcessStoppedAfterItsFirstStepFinishesTheStep() {
    List<String> undone = new ArrayList<>();
    stop.undoOnRequest(() -> undone.add("undone"), "");
    java.util.function.BooleanSupplier trainerAsks = stop.trainingBeginsAtFirstStep();
    assertFalse(trainerAsks.getAsBoolean());
    stop.request();
    assertTrue(trainerAsks.getAsBoolean());
    assertEquals(List.of(), undone);
    assertEquals(List.of(), halts);
  }
}
