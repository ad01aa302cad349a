package dev.duplex.video.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_ANY;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_AVFOUNDATION;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_DSHOW;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_MSMF;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_V4L2;

import org.junit.jupiter.api.Test;

/** The camera API chosen on each system, and the macOS permission sentence. */
class CameraApisTest {
    private static int[] ids(String os) {
        return CameraApis.forSystem(os).stream().mapToInt(CameraApis.Api::id).toArray();
    }

    @Test
    void eachSystemTriesItsOwnCameraApiFirstAndOpenCvsChoiceLast() {
        assertThat(ids("Windows 11")).containsExactly(CAP_DSHOW, CAP_MSMF, CAP_ANY);
        assertThat(ids("Windows 10")).containsExactly(CAP_DSHOW, CAP_MSMF, CAP_ANY);
        assertThat(ids("Mac OS X")).containsExactly(CAP_AVFOUNDATION, CAP_ANY);
        assertThat(ids("Linux")).containsExactly(CAP_V4L2, CAP_ANY);
        assertThat(ids("SunOS")).containsExactly(CAP_ANY);
    }

    @Test
    void onlyMacOsAddsTheCameraPermissionToTheSentence() {
        assertThat(CameraSource.notFound(0, "Mac OS X").getMessage())
                .startsWith("No camera could be opened at index 0")
                .contains("--source synthetic")
                .contains("System Settings > Privacy & Security > Camera");
        assertThat(CameraSource.notFound(0, "Windows 11").getMessage()).doesNotContain("Privacy");
        assertThat(CameraSource.notFound(0, "Linux").getMessage()).doesNotContain("Privacy");
    }
}
