"""Table-driven hard positives and negatives per detector, in the words people really type.

The expectations come from the detector definitions (the contract) and /work/shared/DOMAIN.md,
not from the rules. Rows the engine currently gets wrong are strict xfails marked
`miss=...` (what the engine gave), so a fix shows up as an XPASS failure to clean up.
"""

from __future__ import annotations

import re

import pytest

from nlp import analyze

pytestmark = pytest.mark.model


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "blank"


def case(*values, id: str | None = None, miss: str | None = None):
    """One row; `miss` = what the engine wrongly returned (makes the row a strict xfail)."""
    text = next(v for v in values if isinstance(v, str))
    marks = [pytest.mark.xfail(reason=f"engine miss: {miss}", strict=True)] if miss else []
    return pytest.param(*values, id=id or _slug(text), marks=marks)


# ================================================================ style ==========

I_STATEMENTS = [
    case("I felt let down when you didn't call on Friday."),
    case("i'm worried about money this month"),
    case("I need a bit more help with the kids in the evenings."),
    case("My worry is that we won't have enough time to finish."),
    case("I appreciate you picking up the shopping."),
    case("I was really hurt when the plans got cancelled at the last minute."),
    case("I get anxious when the rent is late."),
    case("honestly I'm exhausted and I need some rest this weekend"),
    case("I feel sad when we don't see each other all week."),
    case("I'm scared about the hospital results."),
    case("It hurt me when my birthday got forgotten."),
    case("I'd really like us to spend more time together."),
    case("I feel overwhelmed when the washing-up piles up."),
    case("I'm frustrated that the meeting ran over again."),
    case("I was disappointed when the report came back late."),
    case("I'm nervous about meeting your parents."),
    case("I feel lonely in the evenings lately."),
    case("I'm feeling a bit overwhelmed with work at the moment and I need some support."),
    case("I'm so grateful for everything you did this week."),
    case("i really need some quiet time after work"),
    case("I get really anxious when I don't hear from you after midnight."),
]

BLAME = [
    case("You never listen to me."),
    case("you always leave your dishes in the sink"),
    case("Every time I ask for help you disappear."),
    case("You're constantly on your phone."),
    case("you're so lazy"),
    case("You're such a selfish person."),
    case("You make me feel like an idiot."),
    case("you make me feel so small"),
    case("Why can't you ever just pick up after yourself?"),
    case("Why do you always have to ruin everything?"),
    case("You should have told me you'd be late."),
    case("you shouldve told me earlier"),
    case("Well, what about when you forgot my mum's birthday?"),
    case("What's wrong with you?"),
    case("You're pathetic."),
    case("Nice going, genius."),
    case("oh great, another brilliant idea from you"),
    case("you don't care about anyone but yourself"),
    case("You're an idiot."),
    case("you NEVER text back"),
    case("You're always late and it's so disrespectful."),
]

PSEUDO_I = [
    case("I feel like you don't care about me."),
    case("I feel that you never take my side."),
    case("I feel as if you're not even trying."),
    case("I feel you are being selfish."),
    case("i feel you're selfish"),
    case("I feel abandoned by you."),
    case("I feel manipulated by you."),
    case("I feel so betrayed by you."),
    case("Honestly, I feel used by you."),
    case("I feel disrespected by you when you talk over me."),
    case("i feel attacked by you right now"),
    case("I feel like you'd rather be anywhere else."),
    case("I feel as though you think I'm stupid."),
    case("I feel that you're taking me for granted."),
    case("I just feel like you never listen."),
    case("I feel you've betrayed me."),
]

NEUTRAL = [
    case("You always brighten my day."),
    case("you never forget my birthday, it's lovely"),
    case("Thanks for cooking tonight, you're always so thoughtful."),
    case("You never fail to make me laugh."),
    case("You always make the best coffee."),
    case("You never complain, even when things are hard."),
    case("you're always welcome here"),
    case("you're so kind, thank you"),
    case("The train gets in at six, shall I pick you up?"),
    case("Dinner's at seven."),
    case("I'll pick up the kids at three."),
    case("The meeting has moved to Thursday."),
    case("Can you send me the address?"),
    case("Fair point, that one's on me."),
    case("You're right, I should have called. That's my fault."),
    case("My mistake, I forgot to book it."),
    case("that's on me, sorry"),
    case("You never know with trains."),
    case("you can never be too careful with these things"),
    case(
        "In this job you always have to double-check everything.",
        miss="style blame via blame.you_absolute (generic you)",
    ),
]

# Traps that must not be read as blame (style may be i_statement or neutral).
NOT_BLAME = [
    case("I never feel heard."),
    case("I always forget my keys."),
    case("I'm never on time, sorry about that."),
    case("I don't think you're lazy."),
    case("I know you're not lazy."),
    case("She said 'you never listen' and walked out."),
    case('My boss told me "you\'re always late" in front of everyone.'),
    case("You never know with trains."),
    case("You never can tell with the weather here."),
    case("I feel ignored when my texts go unanswered."),
    case("Nobody ever listens to me at work."),
    case("You never need to apologise to me."),
    case("You always brighten my day."),
    case("fair point, that one's on me"),
]


@pytest.mark.parametrize("text", I_STATEMENTS)
def test_style_i_statement(text):
    a = analyze(text)
    assert a.style == "i_statement", (a.style, [f.rule_id for f in a.flags])
    assert a.pseudo_i_statement is False


@pytest.mark.parametrize("text", BLAME)
def test_style_blame(text):
    a = analyze(text)
    assert a.style == "blame", (a.style, [f.rule_id for f in a.flags])
    assert a.pseudo_i_statement is False


@pytest.mark.parametrize("text", PSEUDO_I)
def test_style_disguised_i_statement_is_blame(text):
    a = analyze(text)
    assert (a.style, a.pseudo_i_statement) == ("blame", True), [f.rule_id for f in a.flags]


@pytest.mark.parametrize("text", NEUTRAL)
def test_style_neutral(text):
    a = analyze(text)
    assert a.style == "neutral", (a.style, [f.rule_id for f in a.flags])


@pytest.mark.parametrize("text", NOT_BLAME)
def test_style_traps_are_not_blame(text):
    a = analyze(text)
    assert a.style != "blame", [f.rule_id for f in a.flags]
    assert a.pseudo_i_statement is False


# ============================================================= horsemen ==========

HORSEMAN_PRESENT = [
    # criticism
    case("You never listen to me.", "criticism"),
    case("you always leave a mess everywhere", "criticism"),
    case("Why can't you ever be on time?", "criticism"),
    case("What's wrong with you?", "criticism"),
    case("you're so selfish", "criticism"),
    case("You don't care about anyone but yourself.", "criticism"),
    case("you just want to win every argument", "criticism"),
    case("You're constantly checking your phone when I'm talking.", "criticism"),
    # contempt
    case("You're pathetic.", "contempt"),
    case("Nice going, genius.", "contempt"),
    case("Oh great, another brilliant idea.", "contempt"),
    case("Obviously you wouldn't understand.", "contempt"),
    case("typical you 🙄", "contempt"),
    case("You're an idiot.", "contempt"),
    case("wow, real mature", "contempt"),
    case("At least I actually do some work around here.", "contempt"),
    case("ugh, you disgust me", "contempt"),
    case("Oh well done, Einstein.", "contempt"),
    # defensiveness
    case("It's not my fault.", "defensiveness"),
    case("I didn't do anything!", "defensiveness"),
    case("Yes, but you never told me it was today.", "defensiveness"),
    case("yeah but I was busy", "defensiveness"),
    case("Well, what about when you forgot to pay the bill?", "defensiveness"),
    case("You do it too.", "defensiveness"),
    case("well you're not perfect either", "defensiveness"),
    case("I was only trying to help!", "defensiveness"),
    case("Don't blame me, I wasn't even there.", "defensiveness"),
    # stonewalling
    case("Forget it.", "stonewalling"),
    case("I'm done.", "stonewalling"),
    case("Fine, do what you want.", "stonewalling"),
    case("whatever", "stonewalling"),
    case("Whatever.", "stonewalling"),
    case("k", "stonewalling"),
    case("I don't want to talk about it.", "stonewalling"),
    case("Fine. Whatever.", "stonewalling"),
    case("do whatever you like, I don't care", "stonewalling"),
    case("I'm not talking about this any more.", "stonewalling"),
    case("forget it, I'm done", "stonewalling"),
]

NO_HORSEMEN = [
    case("Fine, Thursday works."),
    case("fine, thursday works for me"),
    case("I need 20 minutes, can we pick this up after dinner?"),
    case("I need a break. Can we talk again at 8?"),
    case("Let's take a breather and come back to it in an hour."),
    case("You're right, that's fair, I did forget."),
    case("My part in this was not checking the calendar."),
    case("You always brighten my day."),
    case("I felt hurt when the plans changed."),
    case("I don't think you're lazy."),
    case("She said 'you never listen' to me yesterday."),
    case("I never feel heard."),
    case("Can we start over?"),
    case("You never know with trains."),
    case("That's fine by me, see you at 7."),
    case("Thanks for telling me, I hadn't realised."),
    case("I'm done with the report, do you want to see it?"),
    case("Whatever happens, I'm on your side."),
    case("It's not your fault."),
    case("Great idea, let's do it!"),
    case("You're a genius, that fixed it!"),
    case("Nice one, thanks for sorting that."),
]


@pytest.mark.parametrize(("text", "horseman"), HORSEMAN_PRESENT)
def test_horseman_present(text, horseman):
    a = analyze(text)
    assert horseman in a.horsemen, (a.horsemen, [f.rule_id for f in a.flags])


@pytest.mark.parametrize("text", NO_HORSEMEN)
def test_no_horsemen(text):
    a = analyze(text)
    assert a.horsemen == (), [f.rule_id for f in a.flags]


# ============================================================ reflection ==========

WORK = "I've been working twelve-hour days and I'm completely exhausted."
SISTER = "My sister never calls me back and it really hurts."
JOB = "I'm nervous about starting the new job on Monday."
BOSS = "My boss criticised my report in front of everyone."
TEST = "I failed my driving test again."
DAD = "My dad's in hospital and no one will tell me anything."
EXAM = "I can't sleep because I keep thinking about the exam."
HEATING = "The landlord still hasn't fixed the heating and it's freezing."
MOVE = "I'm scared the move will mean losing all my friends."
ARGUING = "We've been arguing every night and I'm so tired of it."


def refl(context: str, reply: str, expected: bool, miss: str | None = None):
    return case(context, reply, expected, id=f"{'yes' if expected else 'no'}-{_slug(reply)}", miss=miss)


REFLECTIONS = [
    refl(WORK, "It sounds like work is wearing you out.", True),
    refl(WORK, "so you're running on empty after all those long days", True),
    refl(SISTER, "So you're feeling hurt that your sister doesn't call back.", True),
    refl(SISTER, "You feel hurt that your sister doesn't return your calls.", True),
    refl(JOB, "You're anxious about the new job starting.", True),
    refl(JOB, "Starting a new job feels like a lot to you.", True),
    refl(
        BOSS,
        "What I'm hearing is that you felt embarrassed when your boss criticised you in front of people.",
        True,
    ),
    refl(
        "I don't know whether to take the job or stay near my family.",
        "Part of you wants the job and part of you wants to stay close to your family.",
        True,
    ),
    refl(
        HEATING, "So you're stuck in a freezing flat and the landlord isn't fixing it, is that right?", True
    ),
    refl(TEST, "You sound really disappointed about the test.", True),
    refl(ARGUING, "it sounds like the arguing is wearing you down", True),
    refl(DAD, "You're worried about your dad and frustrated that nobody is keeping you informed.", True),
    refl(EXAM, "Sounds like the exam is really on your mind.", True),
    refl(MOVE, "It sounds like you're afraid of losing your friends when you move, is that right?", True),
    # not reflections
    refl(WORK, "What time do you finish tomorrow?", False),
    refl(WORK, "You should ask for a day off.", False),
    refl(WORK, "It sounds like you should just quit.", False),
    refl(WORK, "I'm exhausted too, my week has been awful.", False),
    refl(SISTER, "So what did you do?", False),
    refl(TEST, "At least you can retake it.", False),
    refl(TEST, "The same thing happened to me, I failed three times.", False),
    refl(JOB, "Don't worry, you'll be fine.", False),
    refl(BOSS, "Did you finish the report on time?", False),
    refl(EXAM, "Have you tried camomile tea?", False),
    refl(DAD, "Which hospital is he in?", False),
    refl(ARGUING, "So you're saying it's all my fault?", False),
    refl(HEATING, "You're overreacting, it's not that cold.", False),
    refl("I've got so much on at work I can't think straight.", "Let's get pizza tonight.", False),
]


@pytest.mark.parametrize(("context", "reply", "expected"), REFLECTIONS)
def test_reflection(context, reply, expected):
    a = analyze(reply, context=context)
    assert a.reflection is expected, (a.roadblocks, a.question, [f.rule_id for f in a.flags])


# ============================================================= roadblocks ==========

ROADBLOCK_PRESENT = [
    # advising
    case("You should talk to your manager.", "advising"),
    case("why don't you just ask her?", "advising"),
    case("Have you tried turning it off and on again?", "advising"),
    case("What you need to do is make a list.", "advising"),
    case("If I were you I'd quit.", "advising"),
    case("just ignore him", "advising"),
    # dismissing
    case("At least you still have a job.", "dismissing"),
    case("Don't worry about it.", "dismissing"),
    case("It'll be fine.", "dismissing"),
    case("calm down", "dismissing"),
    case("It's not a big deal.", "dismissing"),
    case("Look on the bright side.", "dismissing"),
    case("everyone goes through it", "dismissing"),
    # judging
    case("You're overreacting.", "judging"),
    case("That's a terrible idea.", "judging"),
    case("you shouldn't have said that to her", "judging"),
    case("You should be grateful you've got a job at all.", "judging"),
    case("You're just tired.", "judging"),
    # arguing
    case("That's not true.", "arguing"),
    case("Actually, it was your idea.", "arguing"),
    case("You're wrong about that.", "arguing"),
    # hijacking
    case("That's nothing, my week was way worse.", "hijacking"),
    case("The same thing happened to me last year.", "hijacking"),
    case("ugh tell me about it, my boss is the worst too", "hijacking"),
    # interrogating
    case("Why did you even go there? Who was with you? What time did you get home?", "interrogating"),
    case("why did you do that?", "interrogating"),
    case("What did you say? What did she say? Why didn't you leave?", "interrogating"),
    # withdrawing
    case("Anyway, what's for dinner?", "withdrawing"),
    case("Let's not talk about it.", "withdrawing"),
    case("Whatever, I'll do it myself.", "withdrawing"),
    case("anyway. did you see the match last night?", "withdrawing"),
]

# (text, roadblock family that must NOT fire)
ROADBLOCK_ABSENT = [
    case("I should have called you.", "advising"),
    case("Have you eaten yet?", "advising"),
    case("I just got home.", "advising"),
    case("At least ten people turned up to the meeting.", "dismissing"),
    case("I'm worried about you.", "dismissing"),
    case("I think that's a brilliant idea.", "judging"),
    case("That's true, I did say that.", "arguing"),
    case("What happened next?", "interrogating"),
    case("It happened to me once too, and I'm here if you want to talk about yours.", "withdrawing"),
]

NO_ROADBLOCKS = [
    case("It sounds like work has been draining you.", WORK),
    case("What's been the hardest part?", WORK),
    case("I'm sorry that happened.", TEST),
    case("That sounds really hard.", DAD),
    case("How are you feeling about it now?", BOSS),
    case("Tell me more about what happened.", BOSS),
    case("I'm here if you want to talk.", SISTER),
    case("That must have been frightening.", DAD),
    case("Thank you for telling me.", SISTER),
    case("So you're worried the new job will be too much?", JOB),
    case("You're scared of losing your friends when you move.", MOVE),
]


@pytest.mark.parametrize(("text", "roadblock"), ROADBLOCK_PRESENT)
def test_roadblock_present(text, roadblock):
    a = analyze(text)
    assert roadblock in a.roadblocks, (a.roadblocks, [f.rule_id for f in a.flags])


@pytest.mark.parametrize(("text", "roadblock"), ROADBLOCK_ABSENT)
def test_roadblock_absent(text, roadblock):
    a = analyze(text)
    assert roadblock not in a.roadblocks, [f.rule_id for f in a.flags]


@pytest.mark.parametrize(("text", "context"), NO_ROADBLOCKS)
def test_no_roadblocks(text, context):
    a = analyze(text, context=context)
    assert a.roadblocks == (), [f.rule_id for f in a.flags]


# ============================================================== questions ==========

QUESTIONS = [
    case("What happened?", "open"),
    case("How are you feeling about it?", "open"),
    case("Tell me about your day.", "open"),
    case("what's been the hardest part for you?", "open"),
    case("How did that go?", "open"),
    case("In what way did it bother you?", "open"),
    case("tell me more about the new job", "open"),
    case("What would help right now?", "open"),
    case("how do you feel about moving?", "open"),
    case("Do you want to talk about it?", "closed"),
    case("Did you call her back?", "closed"),
    case("Is everything ok?", "closed"),
    case("Have you eaten?", "closed"),
    case("What time does the train leave?", "closed"),
    case("Tea or coffee?", "closed"),
    case("Are you angry with me?", "closed"),
    case("can we talk later?", "closed"),
    case("Would you like me to come round?", "closed"),
    case("Will you be home for dinner?", "closed"),
    case("Do you want pizza or pasta tonight?", "closed"),
    case("you ok?", "closed"),
    case("I'm tired.", "none"),
    case("The train leaves at six.", "none"),
    case("I don't know what to do.", "none"),
    case("How lovely!", "none"),
    case("What a day.", "none"),
    case("Thanks for dinner.", "none"),
    case("I know how you feel.", "none"),
]


@pytest.mark.parametrize(("text", "expected"), QUESTIONS)
def test_question(text, expected):
    a = analyze(text)
    assert a.question == expected, [f.rule_id for f in a.flags]


# =============================================================== requests ==========

REQUESTS = [
    case("Would you be willing to text me if you're running late?", "request"),
    case("Could we talk about this after dinner?", "request"),
    case("could you pick up milk on your way home?", "request"),
    case("Would it work if I took the kids on Saturday?", "request"),
    case("How about we split the chores on a rota?", "request"),
    case("Can we go for a walk later?", "request"),
    case("Would you mind turning the music down a bit?", "request"),
    case("Please could you let me know by Friday?", "request"),
    case("Would you be up for trying a new routine on weekdays?", "request"),
    case("Shall we take turns cooking?", "request"),
    case("You need to call your mother.", "demand"),
    case("You have to be home by ten.", "demand"),
    case("Stop shouting at me.", "demand"),
    case("Clean your room.", "demand"),
    case("Just do it.", "demand"),
    case("I want you to apologise.", "demand"),
    case("Don't speak to me like that.", "demand"),
    case("stop leaving your shoes in the hall", "demand"),
    case("Get off your phone.", "demand"),
    case("you need to sort this out or else", "demand"),
    case("Give me my charger back now.", "demand"),
    case("I'm tired.", "none"),
    case("We went to the park yesterday.", "none"),
    case("I need some rest this weekend.", "none"),
    case("You always brighten my day.", "none"),
    case("Did you finish the report?", "none"),
    case("Thanks, that really helped.", "none"),
    case("It sounds like you're exhausted.", "none"),
]


@pytest.mark.parametrize(("text", "expected"), REQUESTS)
def test_request(text, expected):
    a = analyze(text)
    assert a.request == expected, [f.rule_id for f in a.flags]


# ================================================================= crisis ==========

CRISIS = [
    case("I want to kill myself.", True),
    case("i don't want to be alive anymore", True),
    case("Everyone would be better off without me.", True),
    case("He hit me again.", True),
    case("I've been cutting myself again.", True),
    case("I'm thinking about ending it all.", True),
    case("My partner says he'll kill me if I leave.", True),
    case("I took a load of pills and I feel weird.", True),
    case("there's no point in living any more", True),
    case("I'm scared to go home, he hurts me when he drinks.", True),
    case("I wish I could go to sleep and never wake up.", True),
    case("my dad beats me", True),
    case("Someone is trying to break into my house right now.", True),
    case("I keep thinking about suicide.", True),
    case("she pushed me down the stairs", True),
    case("I don't see the point of going on.", True),
    case("That exam murdered me.", False),
    case("I'm dying of embarrassment.", False),
    case("My laptop battery died.", False),
    case("I could strangle this printer.", False),
    case("This commute is killing me.", False),
    case("lol I'm dead 😂", False),
    case("These shoes are killing my feet.", False),
    case("I killed it at the interview!", False),
    case("The plant died while we were away.", False),
    case("My phone is about to die.", False),
    case("I'd kill for a coffee right now.", False),
    case("He hit the nail on the head.", False),
    case("She hit me up on WhatsApp yesterday.", False),
    case("That joke killed.", False),
]


@pytest.mark.parametrize(("text", "expected"), CRISIS)
def test_crisis(text, expected):
    a = analyze(text)
    assert a.crisis is expected, [f.rule_id for f in a.flags]
