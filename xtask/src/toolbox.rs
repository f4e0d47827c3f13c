//! The tools a running command may use, and the check that makes "installed before
//! used" hold for every step: a command names its tools, `Toolbox::ready` ensures all of
//! them before the first step, and a step asks the toolbox for each tool it uses — asking
//! for one the command did not name is an error. The dry run (`Toolbox::dry`) walks every
//! step without running anything, so a native test finds a step that would use a tool
//! its command never installed.

use crate::tools::Tool;
use std::cell::RefCell;
use std::process::Command;

/// A step of a command: its name (for messages) and what it does.
pub struct Step {
    pub name: &'static str,
    pub run: fn(&Toolbox, &[String]) -> Result<(), String>,
}

/// A command: the tools it needs and its steps, in order.
pub struct Task {
    /// How it is called: `test`, `bench scan`, …
    pub name: &'static str,
    pub tools: &'static [Tool],
    pub steps: &'static [Step],
}

pub struct Toolbox {
    task: &'static str,
    declared: &'static [Tool],
    dry_run: bool,
    /// Every tool a step asked for, in order (the dry run's record).
    asked: RefCell<Vec<Tool>>,
}

impl Toolbox {
    /// Installs (or checks) every tool the command names, before any of its steps.
    pub fn ready(task: &Task) -> Result<Self, String> {
        for tool in task.tools {
            tool.ensure()?;
        }
        Ok(Self::new(task, false))
    }

    /// A toolbox that installs nothing and runs nothing: steps only say what they need.
    pub fn dry(task: &Task) -> Self {
        Self::new(task, true)
    }

    fn new(task: &Task, dry_run: bool) -> Self {
        Self {
            task: task.name,
            declared: task.tools,
            dry_run,
            asked: RefCell::new(Vec::new()),
        }
    }

    /// A step's claim on tools: they must be among those its command named (and so
    /// ensured before the first step).
    pub fn need(&self, tools: &[Tool]) -> Result<(), String> {
        for tool in tools {
            self.asked.borrow_mut().push(*tool);
            if !self.declared.contains(tool) {
                return Err(format!(
                    "`cargo xtask {}` uses {} but does not name it among its tools, so a \
                     fresh machine would not have it yet: add Tool::{tool:?} to the command",
                    self.task,
                    tool.describe()
                ));
            }
        }
        Ok(())
    }

    /// Runs a command (nothing in a dry run).
    pub fn run(&self, cmd: &mut Command) -> Result<(), String> {
        if self.dry_run {
            return Ok(());
        }
        crate::run(cmd)
    }

    /// True in a dry run: steps skip their file work and servers.
    pub fn is_dry(&self) -> bool {
        self.dry_run
    }

    #[cfg(test)]
    pub fn asked(&self) -> Vec<Tool> {
        self.asked.borrow().clone()
    }
}

/// Runs a command's steps in order after ensuring its tools.
pub fn execute(task: &Task, args: &[String]) -> Result<(), String> {
    let toolbox = Toolbox::ready(task)?;
    for step in task.steps {
        (step.run)(&toolbox, args).map_err(|e| format!("{} ({}): {e}", task.name, step.name))?;
    }
    Ok(())
}
