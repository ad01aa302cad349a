package dev.duplex.video.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
    /** No machine has a camera at this index. */
    private static final int ABSENT_CAMERA = 99;

    @TempDir
    Path dir;

    @Test
    void autoFallsBackToTheSyntheticPatternWithANotice() {
        List<String> notices = new ArrayList<>();
        try (FrameSource source = Sources.open(SourceSpec.auto(), ABSENT_CAMERA, 320, 240, 30, "me", notices::add)) {
            assertThat(source).isInstanceOf(SyntheticSource.class);
            assertThat(notices).containsExactly("No camera found; using the synthetic test pattern.");
            try (CapturedFrame frame = source.next()) {
                assertThat(frame.width()).isEqualTo(320);
                assertThat(frame.height()).isEqualTo(240);
            }
        }
    }

    @Test
    void explicitCameraThatIsAbsentFailsWithASentence() {
        List<String> notices = new ArrayList<>();
        assertThatThrownBy(() -> Sources.open(SourceSpec.camera(), ABSENT_CAMERA, 320, 240, 30, "me", notices::add))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("No camera could be opened at index 99")
                .hasMessageContaining("--source synthetic");
        assertThat(notices).isEmpty();
    }

    @Test
    void syntheticPatternMovesAndCountsFrames() {
        try (SyntheticSource source = new SyntheticSource(320, 240, 30, "me");
             CapturedFrame first = source.next(); CapturedFrame second = source.next()) {
            assertThat(first.number()).isEqualTo(1);
            assertThat(second.number()).isEqualTo(2);
            assertThat(second.captureMicros()).isGreaterThanOrEqualTo(first.captureMicros());
            assertThat(changedPixels(first.image(), second.image())).isGreaterThan(100);
        }
    }

    @Test
    void playsAVideoFileAtItsSizeAndStartsAgainAtTheEnd() {
        Path clip = VideoFiles.writeMjpeg(dir.resolve("clip.avi"), 160, 120, 15, 10);
        try (FrameSource source = Sources.open(SourceSpec.file(clip), 0, 640, 480, 30, "me", n -> { })) {
            assertThat(source).isInstanceOf(FileSource.class);
            assertThat(source.framesPerSecond()).isEqualTo(15.0);
            assertThat(source.description()).isEqualTo("file clip.avi");
            for (int i = 1; i <= 25; i++) {
                try (CapturedFrame frame = source.next()) {
                    assertThat(frame.number()).isEqualTo(i);
                    assertThat(frame.width()).isEqualTo(160);
                    assertThat(frame.height()).isEqualTo(120);
                }
            }
        }
    }

    @Test
    void playsAVideoFileInAFolderWithSpacesAndHangul() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("비디오 폴더 ü"));
        Path clip = VideoFiles.writeMjpeg(folder.resolve("내 클립.avi"), 160, 120, 15, 3);
        try (FrameSource source = FileSource.open(clip); CapturedFrame frame = source.next()) {
            assertThat(source.description()).isEqualTo("file 내 클립.avi");
            assertThat(frame.width()).isEqualTo(160);
        }
    }

    @Test
    void aFileThatIsNotAVideoFailsWithASentence() throws Exception {
        Path notVideo = Files.writeString(dir.resolve("notes.avi"), "this is not a video");
        assertThatThrownBy(() -> FileSource.open(notVideo))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("Cannot play " + notVideo + ": it is not a video OpenCV can read");
        assertThatThrownBy(() -> FileSource.open(dir.resolve("missing.avi")))
                .hasMessage("The video file " + dir.resolve("missing.avi") + " does not exist: check the path.");
    }

    @Test
    void parsesSourceNames() {
        assertThat(SourceSpec.parse("auto")).isEqualTo(SourceSpec.auto());
        assertThat(SourceSpec.parse("Synthetic")).isEqualTo(SourceSpec.synthetic());
        assertThat(SourceSpec.parse("camera")).isEqualTo(SourceSpec.camera());
        assertThat(SourceSpec.parse("clip.avi")).isEqualTo(SourceSpec.file(Path.of("clip.avi")));
        assertThatThrownBy(() -> SourceSpec.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static int changedPixels(Mat a, Mat b) {
        try (Mat diff = new Mat(a.rows(), a.cols(), CV_8UC3); Mat grey = new Mat()) {
            absdiff(a, b, diff);
            cvtColor(diff, grey, COLOR_BGR2GRAY);
            return countNonZero(grey);
        }
    }

    @Test
    void aKoreanNameIsDrawnInThePatternNotAsQuestionMarks() {
        // The label alone, as drawn onto every frame: a Hangul glyph has many more lit pixels than "?".
        try (org.bytedeco.opencv.opencv_core.Mat korean = SyntheticSource.labelImage("지민", 640, 480);
             org.bytedeco.opencv.opencv_core.Mat questions = SyntheticSource.labelImage("??", 640, 480)) {
            java.awt.image.BufferedImage k = dev.duplex.video.codec.MatImages.toBufferedImage(korean);
            java.awt.image.BufferedImage q = dev.duplex.video.codec.MatImages.toBufferedImage(questions);
            assertThat(lit(k)).as("Hangul drawn (not boxes or '?')").isGreaterThan(lit(q) * 2);
            assertThat(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 22).canDisplayUpTo("지민"))
                    .isEqualTo(-1);
        }
    }

    private static int lit(java.awt.image.BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) > 128) {
                    count++;
                }
            }
        }
        return count;
    }
}
