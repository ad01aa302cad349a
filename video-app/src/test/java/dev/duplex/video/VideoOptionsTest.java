package dev.duplex.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.protocol.Names;
import dev.duplex.core.session.WireFormat;
import dev.duplex.video.source.SourceSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VideoOptionsTest {

    private static VideoOptions parse(String... args) {
        VideoCommand command = new VideoCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void defaultsJoinTheLobbyOnTheLocalRelayWithTheLecturesQuality() {
        VideoOptions options = parse();

        assertThat(options.mode()).isEqualTo(VideoOptions.Mode.RELAY);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(24100);
        assertThat(options.room()).isEqualTo("lobby");
        assertThat(options.quality()).isEqualTo(90);
        assertThat(options.source()).isEqualTo(SourceSpec.auto());
        assertThat(options.adaptive()).isTrue();
        assertThat(Names.nicknameProblem(options.nickname())).isNull();
        assertThat(options.nickname()).isNotEqualTo(parse().nickname());
    }

    @Test
    void listenAndConnectDefaultToTheLecturesPort() {
        VideoOptions listen = parse("--listen");
        assertThat(listen.mode()).isEqualTo(VideoOptions.Mode.LISTEN);
        assertThat(listen.host()).isEqualTo("0.0.0.0");
        assertThat(listen.port()).isEqualTo(9999);

        assertThat(parse("--listen", "7000").port()).isEqualTo(7000);

        VideoOptions connect = parse("--connect", "192.168.0.7");
        assertThat(connect.mode()).isEqualTo(VideoOptions.Mode.CONNECT);
        assertThat(connect.host()).isEqualTo("192.168.0.7");
        assertThat(connect.port()).isEqualTo(9999);

        VideoOptions v6 = parse("--connect", "[::1]:9000");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(9000);
    }

    @Test
    void relayOptionsAndPictureOptionsAreTakenAsGiven() {
        VideoOptions options = parse("--host", "relay.example", "--port", "25000", "--room", "demo", "--nick", "alice",
                "--source", "clip.avi", "--width", "320", "--height", "240", "--fps", "15", "--quality", "70",
                "--no-adapt");

        assertThat(options.describeConnection()).isEqualTo("relay relay.example:25000, room demo");
        assertThat(options.nickname()).isEqualTo("alice");
        assertThat(options.source()).isEqualTo(SourceSpec.parse("clip.avi"));
        assertThat(options.width()).isEqualTo(320);
        assertThat(options.fps()).isEqualTo(15);
        assertThat(options.quality()).isEqualTo(70);
        assertThat(options.minQuality()).isEqualTo(30);
        assertThat(options.adaptive()).isFalse();
    }

    @Test
    void theStartBudgetDefaultsTo650KbpsAndCanBeSetOrTurnedOff() {
        assertThat(parse("--connect", "127.0.0.1").startKbps()).isEqualTo(VideoOptions.DEFAULT_START_KBPS)
                .isEqualTo(650);
        assertThat(parse("--connect", "127.0.0.1", "--start-kbps", "2000").startKbps()).isEqualTo(2000);
        assertThat(parse("--connect", "127.0.0.1", "--start-kbps", "0").startKbps()).isZero();
        assertThat(VideoOptions.builder().startKbps(300).build().toBuilder().build().startKbps()).isEqualTo(300);
        assertThatThrownBy(() -> VideoOptions.builder().startKbps(-1))
                .hasMessage("start kbit/s: -1 (expected: 0..1000000, 0 = none)");
        assertThatThrownBy(() -> parse("--connect", "127.0.0.1", "--start-kbps", "1000001"))
                .hasMessageContaining("start kbit/s: 1000001 (expected: 0..1000000, 0 = none)");
    }

    @Test
    void theFlowControlWindowDefaultsToTwoFramesAndCanBeSetOrTurnedOff() {
        assertThat(parse("--connect", "127.0.0.1").videoWindow()).isEqualTo(VideoOptions.DEFAULT_VIDEO_WINDOW)
                .isEqualTo(2);
        assertThat(parse("--connect", "127.0.0.1", "--video-window", "6").videoWindow()).isEqualTo(6);
        assertThat(parse("--connect", "127.0.0.1", "--video-window", "0").videoWindow()).isZero();
        assertThatThrownBy(() -> VideoOptions.builder().videoWindow(65))
                .hasMessage("video window: 65 (expected: 0..64, 0 = off)");
    }

    @Test
    void builderNamesTheBadValue() {
        assertThatThrownBy(() -> VideoOptions.builder().quality(101))
                .hasMessage("quality: 101 (expected: 1..100)");
        assertThatThrownBy(() -> VideoOptions.builder().quality(40).minQuality(50).build())
                .hasMessage("minQuality: 50 (expected: <= quality 40)");
        assertThatThrownBy(() -> VideoOptions.builder().connect("h", 0))
                .hasMessage("Port 0 is out of range: use a number from 1 to 65535.");
        assertThatThrownBy(() -> VideoOptions.builder().maxRemoteStreams(0))
                .hasMessage("maxRemoteStreams: 0 (expected: 1..256)");
        assertThat(VideoOptions.builder().listen("127.0.0.1", 0).build().port()).isZero();
    }

    @Test
    void compatLectureIsADirectCallInTheLecturesFormatAtTheLecturesQuality() {
        VideoOptions listen = parse("--compat", "lecture", "--listen");
        assertThat(listen.wireFormat()).isEqualTo(WireFormat.LECTURE_VIDEO);
        assertThat(listen.lecture()).isTrue();
        assertThat(listen.port()).isEqualTo(9999);
        assertThat(listen.quality()).isEqualTo(90);
        assertThat(listen.describeConnection()).isEqualTo("listening on 0.0.0.0:9999, lecture format");

        VideoOptions connect = parse("--compat", "lecture", "--connect", "192.168.0.7");
        assertThat(connect.wireFormat()).isEqualTo(WireFormat.LECTURE_VIDEO);
        assertThat(connect.describeConnection()).isEqualTo("peer 192.168.0.7:9999, lecture format");
        assertThat(parse("--connect", "192.168.0.7").wireFormat()).isEqualTo(WireFormat.DUPLEX);
    }

    @Test
    void theBuilderKeepsTheLecturesFormatOffRelaysAndOffChat() {
        assertThatThrownBy(() -> VideoOptions.builder().wireFormat(WireFormat.LECTURE_VIDEO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The lecture's video format is for a direct call: use listen(...) or connect(...), "
                        + "not a relay.");
        assertThatThrownBy(() -> VideoOptions.builder().wireFormat(WireFormat.LECTURE_CHAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wireFormat: LECTURE_CHAT cannot carry video (expected: DUPLEX or LECTURE_VIDEO)");
        VideoOptions options = VideoOptions.builder().connect("10.0.0.5", 9999).wireFormat(WireFormat.LECTURE_VIDEO)
                .build();
        assertThat(options.toBuilder().build().wireFormat()).isEqualTo(WireFormat.LECTURE_VIDEO);
    }
}
