#include "core/call/send_plan.h"

namespace parley::call {
using ports::Direction;

ports::Direction first_direction(const std::optional<std::string>& track, bool wanted) {
  return !track && !wanted ? Direction::kRecvOnly : Direction::kSendRecv;
}

SendStep plan_send_track(ports::MediaKind kind, const std::optional<std::string>& track,
                         bool wanted, const std::vector<ports::TransceiverInfo>& transceivers,
                         ports::SignalingState state, bool local_description_pending) {
  // The transceiver of this kind a remote offer made, or an earlier call added.
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < transceivers.size(); ++i) {
    if (transceivers[i].current_direction == Direction::kStopped ||
        transceivers[i].direction == Direction::kStopped)
      continue;
    if (transceivers[i].kind == kind) {
      chosen = i;
      break;
    }
  }
  if (!chosen) {
    return {.action = SendStep::Action::kAddTransceiver,
            .direction = first_direction(track, wanted)};
  }

  const ports::TransceiverInfo& t = transceivers[*chosen];
  const bool made_to_send = t.direction == Direction::kSendRecv ||
                            t.direction == Direction::kSendOnly || t.sending.has_value();
  if (first_direction(track, wanted) == Direction::kRecvOnly && !made_to_send)
    return {SendStep::Action::kNothing, *chosen};
  const bool never_sent =
      t.current_direction != Direction::kSendRecv && t.current_direction != Direction::kSendOnly;
  const bool answer_not_started =
      state == ports::SignalingState::kHaveRemoteOffer && !local_description_pending;
  if (track && !t.sending && never_sent && answer_not_started)
    return {SendStep::Action::kAddTrack, *chosen};

  const bool sending_it = t.direction == Direction::kSendRecv;
  if (sending_it && t.sending == track) return {SendStep::Action::kNothing, *chosen};
  return {SendStep::Action::kReplaceTrack, *chosen, !sending_it};
}

}  // namespace parley::call
