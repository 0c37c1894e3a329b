package tftrain.data.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link FolderOrganizer#organize} did.
 *
 * @param classCounts images per class, in class-name order
 * @param unmatchedImages images left where they were because their name gave no class
 * @param unmatchedExamples the first few of those names, to show the user what did not match
 * @param ignoredFiles files that are not images (hidden files are not counted)
 * @param replacedFiles targets that existed and were replaced ({@code --overwrite})
 * @param mode how the images were transferred
 */
public record OrganizeResult(
    Map<String, Integer> classCounts,
    int unmatchedImages,
    List<String> unmatchedExamples,
    int ignoredFiles,
    int replacedFiles,
    TransferMode mode) {

  /** Copies the collections so the result cannot change under its reader. */
  public OrganizeResult {
    classCounts = Collections.unmodifiableMap(new LinkedHashMap<>(classCounts));
    unmatchedExamples = List.copyOf(unmatchedExamples);
  }

  /** How many images were sorted into class folders. */
  public int images() {
    return classCounts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
