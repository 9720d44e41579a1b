package com.cpnetwork.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.documents.UploadValidator.Arrival;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Files are judged by what storage reports and by their first bytes, never by name or declared type. */
class UploadValidatorTest {

    private static Arrival blockBlob(long size) {
        return new Arrival("0x1", size, true, Instant.now());
    }

    @Test
    void eachTypeIsRecognisedByItsSignature() {
        assertThat(UploadValidator.judgeContent(FileType.PDF, Files.pdf()).type()).contains(FileType.PDF);
        assertThat(UploadValidator.judgeContent(FileType.PNG, Files.png()).type()).contains(FileType.PNG);
        assertThat(UploadValidator.judgeContent(FileType.JPEG, Files.jpeg()).type()).contains(FileType.JPEG);
    }

    @Test
    void aPngRenamedToPdfIsATypeMismatch() {
        assertThat(UploadValidator.judgeContent(FileType.PDF, Files.png()).refusal()).contains(InvalidReason.TYPE_MISMATCH);
        assertThat(UploadValidator.judgeContent(FileType.PNG, Files.jpeg()).refusal()).contains(InvalidReason.TYPE_MISMATCH);
    }

    @Test
    void anExecutableOrTextDeclaredAsPdfIsUnsupportedContent() {
        assertThat(UploadValidator.judgeContent(FileType.PDF, Files.executable()).refusal()).contains(InvalidReason.UNSUPPORTED_CONTENT);
        assertThat(UploadValidator.judgeContent(FileType.PDF, "<html><script>".getBytes(StandardCharsets.US_ASCII)).refusal())
                .contains(InvalidReason.UNSUPPORTED_CONTENT);
        assertThat(UploadValidator.judgeContent(FileType.PDF, " %PDF-1.7".getBytes(StandardCharsets.US_ASCII)).refusal())
                .contains(InvalidReason.UNSUPPORTED_CONTENT);
        assertThat(UploadValidator.judgeContent(FileType.PDF, new byte[] {'%', 'P'}).refusal()).contains(InvalidReason.UNSUPPORTED_CONTENT);
    }

    @Test
    void aPdfWithActiveContentIsRefused() {
        for (String active : new String[] {"/S /JavaScript /JS (x)", "/OpenAction << /S /Launch /F (cmd.exe) >>", "/JS(x)",
                "/Type /EmbeddedFile", "/Names << /EmbeddedFiles 9 0 R >>", "/S /J#61vaScript", "/S /#4A#53"}) {
            assertThat(UploadValidator.judgeContent(FileType.PDF, Files.pdf("4 0 obj << " + active + " >> endobj\n")).refusal())
                    .as(active).contains(InvalidReason.ACTIVE_CONTENT);
        }
    }

    @Test
    void aPdfWhoseOpenActionOnlyShowsAPageAndNamesThatMerelyStartLikeScriptsPass() {
        for (String harmless : new String[] {"/OpenAction [3 0 R /Fit]", "/JSON (x)", "/JavaScripts (x)", "/Launcher 1"}) {
            assertThat(UploadValidator.judgeContent(FileType.PDF, Files.pdf("4 0 obj << /A " + harmless + " >> endobj\n")).isValid())
                    .as(harmless).isTrue();
        }
    }

    @Test
    void aScriptNameEvenInsideTextIsRefusedBecauseTheScanDoesNotParseThePdf() {
        assertThat(UploadValidator.judgeContent(FileType.PDF, Files.pdf("4 0 obj (see /JavaScript) endobj\n")).refusal())
                .contains(InvalidReason.ACTIVE_CONTENT);
    }

    @Test
    void sizeAndKindAreJudgedBeforeAnyByteIsRead() {
        assertThat(UploadValidator.refusedUnread(blockBlob(0), 10)).contains(InvalidReason.EMPTY_FILE);
        assertThat(UploadValidator.refusedUnread(blockBlob(5L * 1024 * 1024 * 1024), 10)).contains(InvalidReason.TOO_LARGE);
        assertThat(UploadValidator.refusedUnread(blockBlob(UploadValidator.MAX_SIZE_BYTES + 1), UploadValidator.MAX_SIZE_BYTES + 1))
                .contains(InvalidReason.TOO_LARGE);
        assertThat(UploadValidator.refusedUnread(blockBlob(11), 10)).contains(InvalidReason.SIZE_MISMATCH);
        assertThat(UploadValidator.refusedUnread(new Arrival("0x1", 10, false, Instant.now()), 10)).contains(InvalidReason.NOT_A_FILE);
        assertThat(UploadValidator.refusedUnread(blockBlob(UploadValidator.MAX_SIZE_BYTES), UploadValidator.MAX_SIZE_BYTES)).isEqualTo(Optional.empty());
    }

    @Test
    void declaredContentTypesAreReadCaseInsensitivelyWithoutParameters() {
        assertThat(FileType.ofMediaType("Application/PDF; charset=binary")).contains(FileType.PDF);
        assertThat(FileType.ofMediaType("image/jpg")).isEmpty();
        assertThat(FileType.ofMediaType("text/html")).isEmpty();
    }
}
