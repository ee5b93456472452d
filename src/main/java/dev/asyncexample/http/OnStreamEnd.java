package dev.asyncexample.http;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Passes elements through and runs an action once when the stream ends, however it ends; cheaper
 * than {@code watchTermination}, whose stage would need the thread bridge.
 */
final class OnStreamEnd<T> extends GraphStage<FlowShape<T, T>> {

  private final Inlet<T> in = Inlet.create("OnStreamEnd.in");
  private final Outlet<T> out = Outlet.create("OnStreamEnd.out");
  private final FlowShape<T, T> shape = FlowShape.of(in, out);
  private final Runnable action;

  OnStreamEnd(Runnable action) {
    this.action = action;
  }

  @Override
  public FlowShape<T, T> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                push(out, grab(in));
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(in);
              }
            });
      }

      @Override
      public void postStop() {
        action.run();
      }
    };
  }
}
