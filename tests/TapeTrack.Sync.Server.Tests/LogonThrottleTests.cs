using System;
using Microsoft.Extensions.Time.Testing;

namespace TapeTrack.Sync.Server.Tests;

/// <summary>The logon back-off of docs/server.md on virtual time: 1 s after a failure, doubling to 30 s, per user name and per client address.</summary>
public class LogonThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 5, 0, 0, TimeSpan.Zero));

    private LogonThrottle Throttle() => new(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    [Fact]
    public void A_user_without_failures_does_not_wait()
    {
        Assert.Equal(TimeSpan.Zero, Throttle().WaitFor("batch", "127.0.0.1"));
    }

    [Fact]
    public void Each_further_failure_doubles_the_wait_up_to_the_maximum()
    {
        var throttle = Throttle();
        var waits = new System.Collections.Generic.List<double>();
        for (int i = 0; i < 8; i++)
        {
            throttle.Failed("batch", "10.0.0.1");
            waits.Add(throttle.WaitFor("batch", "10.0.0.1").TotalSeconds);
            _time.Advance(throttle.WaitFor("batch", "10.0.0.1"));
        }

        Assert.Equal(new double[] { 1, 2, 4, 8, 16, 30, 30, 30 }, waits);
    }

    [Fact]
    public void The_wait_counts_from_the_last_failure_and_is_over_once_it_has_passed()
    {
        var throttle = Throttle();
        throttle.Failed("batch", "10.0.0.1");
        throttle.Failed("batch", "10.0.0.1");

        _time.Advance(TimeSpan.FromMilliseconds(1_500));
        Assert.Equal(TimeSpan.FromMilliseconds(500), throttle.WaitFor("batch", "10.0.0.1"));
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(TimeSpan.FromMilliseconds(1), throttle.WaitFor("batch", "10.0.0.1"));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.Zero, throttle.WaitFor("batch", "10.0.0.1"));
    }

    [Fact]
    public void Failures_of_a_user_slow_it_from_every_address_and_failures_from_an_address_slow_every_user_from_it()
    {
        var throttle = Throttle();
        throttle.Failed("batch", "10.0.0.1");
        throttle.Failed("batch", "10.0.0.1");
        throttle.Failed("acme", "10.0.0.2");

        Assert.Equal(TimeSpan.FromSeconds(2), throttle.WaitFor("batch", "10.0.0.9"));
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.WaitFor("night", "10.0.0.1"));
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.WaitFor("night", "10.0.0.2"));
        // the longer of the two
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.WaitFor("acme", "10.0.0.1"));
        Assert.Equal(TimeSpan.Zero, throttle.WaitFor("night", "10.0.0.9"));
    }

    [Fact]
    public void A_correct_logon_clears_the_back_off_and_the_next_failure_starts_again_at_the_first_delay()
    {
        var throttle = Throttle();
        for (int i = 0; i < 4; i++)
        {
            throttle.Failed("batch", "10.0.0.1");
        }

        Assert.Equal(TimeSpan.FromSeconds(8), throttle.WaitFor("batch", "10.0.0.1"));
        _time.Advance(TimeSpan.FromSeconds(8));
        throttle.Succeeded("batch", "10.0.0.1");
        Assert.Equal(TimeSpan.Zero, throttle.WaitFor("batch", "10.0.0.1"));

        throttle.Failed("batch", "10.0.0.1");
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.WaitFor("batch", "10.0.0.1"));
    }

    [Fact]
    public void Logons_admitted_together_get_slots_one_delay_apart_so_a_flood_checks_no_faster_than_one_by_one()
    {
        var throttle = Throttle();
        throttle.Failed("batch", "10.0.0.1");

        // three logons at the same instant: the first waits the back-off, each further one a delay more
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.Admit("batch", "10.0.0.1"));
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.Admit("batch", "10.0.0.1"));
        Assert.Equal(TimeSpan.FromSeconds(3), throttle.Admit("batch", "10.0.0.1"));
        // the slots hold for the user name from another address, and for the address with another name (these two share
        // neither, so both take the fourth second)
        Assert.Equal(TimeSpan.FromSeconds(4), throttle.Admit("batch", "10.0.0.7"));
        Assert.Equal(TimeSpan.FromSeconds(4), throttle.Admit("night", "10.0.0.1"));

        // once every slot has passed a logon is admitted at once, and still takes a slot for the next
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(TimeSpan.Zero, throttle.Admit("batch", "10.0.0.1"));
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.Admit("batch", "10.0.0.1"));

        // a further failure doubles the step
        _time.Advance(TimeSpan.FromSeconds(1));
        throttle.Failed("batch", "10.0.0.1");
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.Admit("batch", "10.0.0.1"));
        Assert.Equal(TimeSpan.FromSeconds(4), throttle.Admit("batch", "10.0.0.1"));
    }

    [Fact]
    public void Logons_without_failures_are_admitted_together_at_once_and_a_success_clears_the_slots()
    {
        var throttle = Throttle();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.Admit("batch", "10.0.0.1"));
        }

        throttle.Failed("batch", "10.0.0.1");
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.Admit("batch", "10.0.0.1"));
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.Admit("batch", "10.0.0.1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        throttle.Succeeded("batch", "10.0.0.1");
        Assert.Equal(TimeSpan.Zero, throttle.Admit("batch", "10.0.0.1"));
        Assert.Equal(TimeSpan.Zero, throttle.Admit("batch", "10.0.0.1"));
    }

    [Fact]
    public void Failures_older_than_fifteen_minutes_are_forgotten()
    {
        var throttle = Throttle();
        for (int i = 0; i < 6; i++)
        {
            throttle.Failed("batch", "10.0.0.1");
        }

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(TimeSpan.Zero, throttle.WaitFor("batch", "10.0.0.1"));
        throttle.Failed("batch", "10.0.0.1");
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.WaitFor("batch", "10.0.0.1"));
    }

    [Fact]
    public void A_flood_of_names_keeps_the_memory_bounded_and_the_latest_failures_remembered()
    {
        var throttle = Throttle();
        for (int i = 0; i < 25_000; i++)
        {
            throttle.Failed("user" + i, "10.0.0.1");
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(throttle.Count, 1, 10_000);
        Assert.True(throttle.WaitFor("user24999", "10.9.9.9") > TimeSpan.Zero);
        Assert.True(throttle.WaitFor("anyone", "10.0.0.1") > TimeSpan.Zero);
    }
}
