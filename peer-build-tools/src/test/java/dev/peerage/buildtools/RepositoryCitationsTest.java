package dev.peerage.buildtools;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when the repository's docs, READMEs or main sources cite a document a reader cannot
 * open (see {@link CitationCheck}). Maven runs tests in the module directory, so the repository is its
 * parent.
 */
class RepositoryCitationsTest {
  @Test
  void theDocsReadmesAndMainSourcesCiteNoDocumentOutsideTheRepository() {
    CitationCheck.check(Path.of(".."));
  }
}
